using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Contracts;
using Modular.Agents.Domain;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Persistence;
using Modular.BuildingBlocks.Workspaces;
using Wolverine;

namespace Modular.Agents.Features;

/// <summary>
/// "Build My Agent": attach a published action to the agent's working setup, or detach it. The
/// Actions module records the use first (refusing drafts and unknown actions), so an action an
/// agent points at can never be deleted; an action is released once neither setup uses it.
/// </summary>
public static class AttachActionEndpoint
{
    public static void MapAttachAction(this IEndpointRouteBuilder agents)
    {
        agents.MapPut("/{id:guid}/actions/{actionId:guid}", Attach).WithName("AttachAction").WithSummary("Attach a published action to an agent");
        agents.MapDelete("/{id:guid}/actions/{actionId:guid}", Detach).WithName("DetachAction").WithSummary("Detach an action from an agent");
    }

    private static async Task<Results<Ok<AgentView>, ProblemHttpResult>> Attach(
        Guid id, Guid actionId, HttpContext http, IDocumentSession session, AgentEditor editor, IMessageBus bus,
        WorkspaceContext workspace, TimeProvider clock, CancellationToken cancellationToken)
    {
        var agent = await session.LoadForChangeAsync<Agent>(id, cancellationToken);
        if (agent is null) return Problems.NotFound("Agent", id.ToString());
        if (agent.Working.Actions.Any(a => a.ActionId == actionId)) return TypedResults.Ok(AgentView.From(agent));

        var use = await bus.InvokeForTenantAsync<ActionUseResult>(workspace.Id, new UseActionInAgent(actionId, agent.Id.ToString(), agent.Name), cancellationToken);
        switch (use.Outcome)
        {
            case ActionUseOutcome.NotFound:
                return Problems.NotFound("Action", actionId.ToString());
            case ActionUseOutcome.NotPublished:
                return Problems.Conflict($"'{use.ActionName}' is a draft; drafts are not available to agents. Save the action (publish it) first.");
        }

        var before = editor.Snapshot(agent);
        agent.Working.Actions.Add(new AttachedAction(actionId, use.ActionName!, clock.GetUtcNow()));
        await editor.SaveAsync(agent, before, "action attached", Actor.Name(http), cancellationToken);
        return TypedResults.Ok(AgentView.From(agent));
    }

    private static async Task<Results<Ok<AgentView>, ProblemHttpResult>> Detach(
        Guid id, Guid actionId, HttpContext http, IDocumentSession session, AgentEditor editor, IMessageBus bus,
        WorkspaceContext workspace, CancellationToken cancellationToken)
    {
        var agent = await session.LoadForChangeAsync<Agent>(id, cancellationToken);
        if (agent is null) return Problems.NotFound("Agent", id.ToString());
        var before = editor.Snapshot(agent);
        if (agent.Working.Actions.RemoveAll(a => a.ActionId == actionId) == 0)
            return Problems.NotFound("Attached action", actionId.ToString());

        await editor.SaveAsync(agent, before, "action detached", Actor.Name(http), cancellationToken);
        await ActionRelease.ReleaseUnusedAsync(bus, workspace.Id, agent, [actionId], cancellationToken);
        return TypedResults.Ok(AgentView.From(agent));
    }
}

/// <summary>Tells the Actions module which actions an agent no longer uses in either setup, after the agent's change committed.</summary>
public static class ActionRelease
{
    public static async Task ReleaseUnusedAsync(IMessageBus bus, string workspaceId, Agent? agent, IEnumerable<Guid> candidates, CancellationToken cancellationToken)
    {
        var stillUsed = agent?.ActionsInUse.ToHashSet() ?? [];
        foreach (var actionId in candidates.Distinct().Where(a => !stillUsed.Contains(a)))
            await bus.InvokeForTenantAsync(workspaceId, new ReleaseActionFromAgent(actionId, (agent?.Id ?? Guid.Empty).ToString()), cancellationToken);
    }
}
