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
/// "Build My Agent": attach a published action to the agent's working setup, or detach it. With the
/// agent's row locked, the Actions module claims the action first (refusing drafts and unknown or
/// deleted actions, under the action's row lock that a delete takes too), then the agent commits
/// with <see cref="ActionAttachedToAgent"/>: an action an agent points at can never be deleted. A
/// detach commits <see cref="ActionDetachedFromAgent"/> once neither setup uses the action (see
/// <see cref="AgentEditor"/>), and the Actions module releases its claim from that message.
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

        // The agent stays locked until it commits: the Agents module's check of this claim
        // (ActionUseClaimed) waits for that, and sees the outcome.
        var use = await bus.InvokeForTenantAsync<ActionUseResult>(
            workspace.Id, new UseActionInAgent(actionId, agent.Id.ToString(), agent.Name, agent.Version), cancellationToken);
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
        Guid id, Guid actionId, HttpContext http, IDocumentSession session, AgentEditor editor, CancellationToken cancellationToken)
    {
        var agent = await session.LoadForChangeAsync<Agent>(id, cancellationToken);
        if (agent is null) return Problems.NotFound("Agent", id.ToString());
        var before = editor.Snapshot(agent);
        if (agent.Working.Actions.RemoveAll(a => a.ActionId == actionId) == 0)
            return Problems.NotFound("Attached action", actionId.ToString());

        await editor.SaveAsync(agent, before, "action detached", Actor.Name(http), cancellationToken);
        return TypedResults.Ok(AgentView.From(agent));
    }
}
