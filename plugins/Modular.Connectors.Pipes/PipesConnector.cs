using Modular.Connectors.Pipes.Operations;
using Modular.Connectors.Pipes.Triggers;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes;

/// <summary>Pipes: Pipefy's GraphQL API (api.pipefy.com/graphql) with a personal access token.</summary>
public sealed class PipesConnector : ConnectorDefinition
{
    public override void Define(IConnectorBuilder connector) => connector
        .Id("pipes")
        .DisplayName("Pipes")
        .Description("Pipes (Pipefy): move, update and create cards, add table records and send email templates.")
        .Category("Workflow")
        .Icon("🔀")
        .BaseUrl(PipesGraphQL.BaseUrl, "https://api.pipefy.com/graphql")
        .Auth(ConnectorAuth.Bearer("Pipefy API token").WithTest(new PipesConnectionTest()))
        .Operation(new MoveCard())
        .Operation(new UpdateCard())
        .Operation(new CreateCard())
        .Operation(new CreateConnectedCard())
        .Operation(new CreateTableRecord())
        .Operation(new SendEmailTemplate())
        .Operation(new ListPipes())
        .Operation(new ListPhases())
        .Operation(new ListFields())
        .Operation(new ListTables())
        .Operation(new ListEmailTemplates())
        .Template(PipesTemplates.MoveCard)
        .Template(PipesTemplates.CreateCard)
        .Trigger(new CardEvents());
}
