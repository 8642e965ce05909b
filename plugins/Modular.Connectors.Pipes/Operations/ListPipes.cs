using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes.Operations;

/// <summary><c>pipes.listPipes</c>: the pipes of the token's organizations, for a dropdown.</summary>
public sealed class ListPipes : Operation<NoInput, OptionList>
{
    private const string Query = "query { organizations { id name pipes { id name } } }";

    public override string Id => "pipes.listPipes";
    public override string DisplayName => "List the pipes";
    public override string Description => "Lists the pipes the token's user can see, in every organization, as choices (named with their organization when there are several).";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { options } = await pipes.listPipes({});""";
    public override string Errors => """
        - `UNAUTHORIZED`: the token is not valid; reconnect the account with a new one.
        """;

    protected override async Task<OptionList> RunAsync(OperationContext context, NoInput input, CancellationToken cancellationToken)
    {
        var organizations = PipesGraphQL.Nodes((await PipesGraphQL.QueryAsync(context, Query, null, cancellationToken))["organizations"]).ToList();
        var options = organizations.SelectMany(org => PipesGraphQL.Nodes(org["pipes"]).Select(pipe => new OptionItem(
                PipesGraphQL.Text(pipe, "id") ?? "",
                organizations.Count > 1 ? $"{PipesGraphQL.Text(org, "name")} / {PipesGraphQL.Text(pipe, "name")}" : PipesGraphQL.Text(pipe, "name") ?? "")))
            .Where(o => o.Value.Length > 0)
            .ToList();
        return new OptionList(options);
    }
}
