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
        .Icon("""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="#7c3aed"/><g fill="#fff"><rect x="4" y="5" width="5" height="14" rx="1.5"/><rect x="10.5" y="5" width="4" height="9" rx="1.5" opacity=".85"/><rect x="16" y="5" width="4" height="5" rx="1.5" opacity=".7"/></g></svg>""")
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
