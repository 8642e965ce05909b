using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes.Operations;

/// <summary><c>pipes.listEmailTemplates</c>: a pipe's email templates, for a dropdown.</summary>
public sealed class ListEmailTemplates : Operation<PipeInput, OptionList>
{
    // Pipefy pages connections by at most 50.
    private const int First = 50;
    private const string Query = "query ($repoId: ID!, $first: Int) { emailTemplates(repoId: $repoId, first: $first) { edges { node { id name subject } } pageInfo { hasNextPage } } }";

    public override string Id => "pipes.listEmailTemplates";
    public override string DisplayName => "List the email templates of a pipe";
    public override string Description => "Lists a pipe's email templates as choices: their name and subject.";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { options } = await pipes.listEmailTemplates({ pipeId: config.pipeId });""";
    public override string Errors => """
        - `RESOURCE_NOT_FOUND` / `RECORD_NOT_FOUND`: no pipe has this id, or the token's user cannot see it.
        """;

    protected override async Task<OptionList> RunAsync(OperationContext context, PipeInput input, CancellationToken cancellationToken)
    {
        var data = await PipesGraphQL.QueryAsync(context, Query, new JsonObject { ["repoId"] = input.PipeId.Trim(), ["first"] = First }, cancellationToken);
        var templates = PipesGraphQL.Nodes(data["emailTemplates"]).ToList();
        return new OptionList(
            [.. templates.Select(t => new OptionItem(PipesGraphQL.Text(t, "id") ?? "", PipesGraphQL.Text(t, "subject") is { Length: > 0 } subject
                ? $"{PipesGraphQL.Text(t, "name")} — {subject}" : PipesGraphQL.Text(t, "name") ?? ""))],
            PipesGraphQL.HasNextPage(data["emailTemplates"]));
    }
}
