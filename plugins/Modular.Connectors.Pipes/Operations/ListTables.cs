using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes.Operations;

/// <summary><c>pipes.listTables</c>: the database tables of the token's organizations, for a dropdown.</summary>
public sealed class ListTables : Operation<NoInput, OptionList>
{
    // Pipefy pages connections by at most 50.
    private const int First = 50;
    private static readonly string Query = $"query {{ organizations {{ id name tables(first: {First}) {{ edges {{ node {{ id name }} }} pageInfo {{ hasNextPage }} }} }} }}";

    public override string Id => "pipes.listTables";
    public override string DisplayName => "List the database tables";
    public override string Description => "Lists the database tables the token's user can see, in every organization, as choices.";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { options } = await pipes.listTables({});""";
    public override string Errors => """
        - `UNAUTHORIZED`: the token is not valid; reconnect the account with a new one.
        """;

    protected override async Task<OptionList> RunAsync(OperationContext context, NoInput input, CancellationToken cancellationToken)
    {
        var organizations = PipesGraphQL.Nodes((await PipesGraphQL.QueryAsync(context, Query, null, cancellationToken))["organizations"]).ToList();
        var options = new List<OptionItem>();
        var truncated = false;
        foreach (var org in organizations)
        {
            var tables = PipesGraphQL.Nodes(org["tables"]).ToList();
            truncated |= PipesGraphQL.HasNextPage(org["tables"]);
            options.AddRange(tables.Select(table => new OptionItem(
                PipesGraphQL.Text(table, "id") ?? "",
                organizations.Count > 1 ? $"{PipesGraphQL.Text(org, "name")} / {PipesGraphQL.Text(table, "name")}" : PipesGraphQL.Text(table, "name") ?? "")));
        }
        return new OptionList([.. options.Where(o => o.Value.Length > 0)], truncated);
    }
}
