using System.Text.Json;
using Modular.Agents.Domain;

namespace Modular.Agents.Features;

public sealed record AgentView(
    Guid Id,
    string Name,
    string Description,
    string State,
    AgentSetup Working,
    AgentSetup? Published,
    DateTimeOffset? PublishedAt,
    bool HasUnpublishedChanges,
    int Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    public static AgentView From(Agent agent) => new(
        agent.Id, agent.Name, agent.Description, StateName(agent.State), agent.Working, agent.Published, agent.PublishedAt,
        agent.Published is null || JsonSerializer.Serialize(agent.Working, AgentEditor.Json) != JsonSerializer.Serialize(agent.Published, AgentEditor.Json),
        agent.Version, agent.CreatedAt, agent.CreatedBy, agent.UpdatedAt, agent.UpdatedBy);

    public static string StateName(AgentState state) => state.ToString().ToLowerInvariant();
}

public sealed record AgentSummary(Guid Id, string Name, string Description, string State, int ActionCount, int BehaviorCount, bool IsPublished, int Version, DateTimeOffset UpdatedAt)
{
    public static AgentSummary From(Agent a) =>
        new(a.Id, a.Name, a.Description, AgentView.StateName(a.State), a.Working.Actions.Count, a.Working.Behaviors.Count, a.Published is not null, a.Version, a.UpdatedAt);
}
