using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Modular.Actions.Contracts;
using Modular.Agents.Domain;
using Modular.BuildingBlocks.History;
using Wolverine;
using Wolverine.Marten;

namespace Modular.Agents.Features;

/// <summary>
/// Every edit of an agent goes through here; see <see cref="DocumentEditor{TDocument,TRecord}"/>. An
/// edit that changes which actions the agent uses (in either setup) commits, through the outbox,
/// <see cref="ActionAttachedToAgent"/> and <see cref="ActionDetachedFromAgent"/> with it, so the
/// Actions module's usage record follows even when this node dies right after the commit.
/// </summary>
public sealed class AgentEditor(IDocumentSession session, IMartenOutbox outbox, TimeProvider clock) : DocumentEditor<Agent, AgentChange>(session, outbox, clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override string What => "agent";
    protected override Guid IdOf(Agent agent) => agent.Id;

    protected override void Touch(Agent agent, string actor, DateTimeOffset now)
    {
        agent.UpdatedAt = now;
        agent.UpdatedBy = actor;
    }

    public override JsonObject Snapshot(Agent agent) => new()
    {
        ["name"] = agent.Name,
        ["description"] = agent.Description,
        ["state"] = AgentView.StateName(agent.State),
        ["working"] = JsonSerializer.SerializeToNode(agent.Working, Json),
        ["published"] = JsonSerializer.SerializeToNode(agent.Published, Json),
    };

    protected override async Task SavingAsync(Agent agent, JsonObject before, int version)
    {
        var usedBefore = UsedIn(before);
        var usedAfter = agent.ActionsInUse.ToHashSet();
        if (usedBefore.SetEquals(usedAfter)) return;
        var delivery = new DeliveryOptions { TenantId = Session.TenantId };
        foreach (var attached in usedAfter.Except(usedBefore))
            await Outbox.PublishAsync(new ActionAttachedToAgent(attached, agent.Id.ToString(), agent.Name, version), delivery);
        foreach (var detached in usedBefore.Except(usedAfter))
            await Outbox.PublishAsync(new ActionDetachedFromAgent(detached, agent.Id.ToString(), version), delivery);
    }

    /// <summary>The actions a <see cref="Snapshot"/> uses, in either setup.</summary>
    private static HashSet<Guid> UsedIn(JsonObject snapshot) =>
        new[] { "working", "published" }
            .SelectMany(setup => snapshot[setup]?["actions"] as JsonArray ?? [])
            .Select(action => action!["actionId"]!.GetValue<Guid>())
            .ToHashSet();

    public async Task<Results<Ok<AgentView>, ProblemHttpResult>> EditAsync(
        Guid id, HttpContext http, int? bodyVersion, string kind, Func<Agent, ProblemHttpResult?> change, CancellationToken cancellationToken)
    {
        var edit = await EditAsync(id, http, bodyVersion, kind, agent => Task.FromResult(change(agent)), cancellationToken);
        return edit.Problem is { } problem ? problem : TypedResults.Ok(AgentView.From(edit.Document!));
    }
}
