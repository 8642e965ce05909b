using JasperFx;

namespace Modular.Agents.Domain;

public enum AgentState
{
    Active,
    Paused,
}

/// <summary>
/// An AI agent built from actions. <see cref="Working"/> is what "Build My Agent" edits and tests
/// (test mode); <see cref="Published"/> is what runs live, a copy taken when the agent is published.
/// An action attached in either counts as used.
/// </summary>
public sealed class Agent : IRevisioned
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public AgentState State { get; set; } = AgentState.Active;
    public AgentSetup Working { get; set; } = new();
    public AgentSetup? Published { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    public IEnumerable<Guid> ActionsInUse =>
        Working.Actions.Select(a => a.ActionId).Union(Published?.Actions.Select(a => a.ActionId) ?? []);
}

/// <summary>The actions and behaviours of one mode of an agent.</summary>
public sealed class AgentSetup
{
    public List<AttachedAction> Actions { get; set; } = [];
    public List<Behavior> Behaviors { get; set; } = [];

    public AgentSetup Copy() => new() { Actions = [.. Actions], Behaviors = [.. Behaviors] };
}

public sealed record AttachedAction(Guid ActionId, string Name, DateTimeOffset AttachedAt);
