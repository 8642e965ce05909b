using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.HubSpot.Operations;

public sealed record SearchInput(
    [property: Display(Name = "Object type")] CrmObjectType ObjectType,
    [property: Display(Name = "Filter groups", Description = "ORed together; the filters inside a group are ANDed. Empty: every record.")] IReadOnlyList<CrmFilterGroup>? FilterGroups = null,
    [property: Display(Name = "Properties", Description = "The properties to return; HubSpot's defaults when empty.")] IReadOnlyList<string>? Properties = null,
    [property: Display(Name = "Sorts")] IReadOnlyList<CrmSort>? Sorts = null,
    [property: Display(Name = "Text query", Description = "Searches the default text properties.")][property: MaxLength(3000)] string? Query = null,
    [property: Display(Name = "Page size")][property: Range(1, 200)] int Limit = 100,
    [property: Display(Name = "After", Description = "The cursor of the page to read (the previous answer's next).")] string? After = null);

/// <param name="Next">The cursor of the next page, absent on the last.</param>
public sealed record SearchResult(int Total, IReadOnlyList<CrmObject> Results, string? Next);

/// <summary><c>hubspot.search</c>: one page of a CRM search.</summary>
public sealed class SearchObjects : Operation<SearchInput, SearchResult>
{
    public override string Id => "hubspot.search";
    public override string DisplayName => "Search CRM records";
    public override string Description => "Searches contacts, companies or deals with filter groups, and returns one page (pass `next` as `after` for the following one).";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const page = await hubspot.search({ objectType: "deals", filterGroups: [{ filters: [{ propertyName: "dealstage", operator: "EQ", value: "closedwon" }] }], properties: ["dealname", "amount"] });""";
    public override string Errors => """
        - `400 VALIDATION_ERROR`: a filter names an unknown property or operator, or there are too many filter groups (5) or filters in a group (6).
        - `429`: more than HubSpot's search rate (5 per second per account); the host waits for it before calling.
        """;

    protected override Task<SearchResult> RunAsync(OperationContext context, SearchInput input, CancellationToken cancellationToken) =>
        PageAsync(context, input, cancellationToken);

    internal static async Task<SearchResult> PageAsync(OperationContext context, SearchInput input, CancellationToken cancellationToken)
    {
        context.RequireAccount();
        var body = JsonSerializer.SerializeToNode(new
        {
            filterGroups = input.FilterGroups ?? [],
            properties = input.Properties,
            sorts = input.Sorts,
            query = input.Query,
            limit = input.Limit,
            after = input.After,
        }, OperationJson.Options);
        var answer = await context.SendJsonAsync(HttpMethod.Post, Crm.Url(context, $"crm/v3/objects/{Crm.Path(input.ObjectType)}/search"), body, cancellationToken);
        var results = (answer?["results"] as JsonArray ?? []).Select(Crm.Read).ToList();
        var total = answer?["total"] is JsonValue t && t.TryGetValue<int>(out var count) ? count : results.Count;
        return new SearchResult(total, results, answer?["paging"]?["next"]?["after"]?.ToString());
    }
}

public sealed record SearchAllInput(
    [property: Display(Name = "Object type")] CrmObjectType ObjectType,
    [property: Display(Name = "Filter groups")] IReadOnlyList<CrmFilterGroup>? FilterGroups = null,
    [property: Display(Name = "Properties")] IReadOnlyList<string>? Properties = null,
    [property: Display(Name = "Sorts")] IReadOnlyList<CrmSort>? Sorts = null,
    [property: Display(Name = "Text query")][property: MaxLength(3000)] string? Query = null,
    [property: Display(Name = "At most", Description = "The most records to read (HubSpot's search stops at 10,000).")][property: Range(1, 10_000)] int Max = 1_000);

public sealed record SearchAllResult(int Total, IReadOnlyList<CrmObject> Results, bool Truncated);

/// <summary><c>hubspot.searchAll</c>: every page of a CRM search, up to a limit.</summary>
public sealed class SearchAllObjects : Operation<SearchAllInput, SearchAllResult>
{
    public override string Id => "hubspot.searchAll";
    public override string DisplayName => "Search all CRM records";
    public override string Description => "Searches contacts, companies or deals and follows the pages to the end (or `max` records).";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { results } = await hubspot.searchAll({ objectType: "deals", properties: ["dealname", "amount", "dealstage"] });""";

    protected override async Task<SearchAllResult> RunAsync(OperationContext context, SearchAllInput input, CancellationToken cancellationToken)
    {
        var total = 0;
        var (items, truncated) = await Paging.CollectAsync<CrmObject>(async (cursor, ct) =>
        {
            var page = await SearchObjects.PageAsync(context,
                new SearchInput(input.ObjectType, input.FilterGroups, input.Properties, input.Sorts, input.Query, Math.Min(200, input.Max), cursor), ct);
            total = page.Total;
            return new Page<CrmObject>(page.Results, page.Next);
        }, input.Max, cancellationToken);
        return new SearchAllResult(total, items, truncated);
    }
}
