using Marten;
using Modular.Agents.Contracts;
using Modular.Agents.Domain;

namespace Modular.Agents.Features;

public static class CheckAgentsActiveHandler
{
    public static async Task<AgentsActivity> Handle(CheckAgentsActive request, IQuerySession session, CancellationToken cancellationToken)
    {
        var ids = request.AgentIds.Select(id => Guid.TryParse(id, out var guid) ? guid : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var agents = await session.LoadManyAsync<Agent>(cancellationToken, ids);
        return new AgentsActivity(agents.Select(a => new AgentActivity(a.Id.ToString(), a.Name, a.State == AgentState.Active, [.. a.ActionsInUse])).ToList());
    }
}
