using Modular.Plugins.Sdk;

namespace Modular.Connectors.Throwing;

/// <summary>A plugin whose connector fails in its constructor: the host must report it and go on.</summary>
public sealed class ThrowingConnector : ConnectorDefinition
{
    public ThrowingConnector() => throw new InvalidOperationException("The throwing connector refuses to start.");

    public override void Define(IConnectorBuilder connector) => connector.Id("throwing").DisplayName("Throwing");
}
