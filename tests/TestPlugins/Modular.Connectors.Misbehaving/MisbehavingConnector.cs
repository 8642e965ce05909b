using Modular.Plugins.Sdk;

namespace Modular.Connectors.Misbehaving;

/// <summary>A plugin whose operations misbehave: one throws, one never ends, one blocks its thread. The runs fail; the host goes on.</summary>
public sealed class MisbehavingConnector : ConnectorDefinition
{
    public override void Define(IConnectorBuilder connector) => connector
        .Id("misbehaving")
        .DisplayName("Misbehaving")
        .Auth(ConnectorAuth.None())
        .Operation(new Throws())
        .Operation(new Hangs())
        .Operation(new Blocks());
}

public sealed class Throws : Operation<NoInput, string>
{
    public override string Id => "misbehaving.throws";
    public override string DisplayName => "Throws";
    public override string Description => "Throws from inside the plugin.";

    protected override Task<string> RunAsync(OperationContext context, NoInput input, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The plugin's operation broke.");
}

public sealed class Hangs : Operation<NoInput, string>
{
    public override string Id => "misbehaving.hangs";
    public override string DisplayName => "Hangs";
    public override string Description => "Waits forever, ignoring cancellation.";

    protected override async Task<string> RunAsync(OperationContext context, NoInput input, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, CancellationToken.None);
        return "never";
    }
}

public sealed class Blocks : Operation<NoInput, string>
{
    public override string Id => "misbehaving.blocks";
    public override string DisplayName => "Blocks";
    public override string Description => "Blocks its thread for a minute without awaiting.";

    protected override Task<string> RunAsync(OperationContext context, NoInput input, CancellationToken cancellationToken)
    {
        Thread.Sleep(TimeSpan.FromMinutes(1));
        return Task.FromResult("late");
    }
}
