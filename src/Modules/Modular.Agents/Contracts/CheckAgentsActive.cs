namespace Modular.Agents.Contracts;

/// <summary>Asks which of these agents are active (a trigger fires only when an agent using the action is).</summary>
public sealed record CheckAgentsActive(IReadOnlyList<string> AgentIds);

public sealed record AgentsActivity(IReadOnlyList<AgentActivity> Agents);

/// <param name="ActionIds">The actions the agent uses (in either setup), as committed: the Actions module's record of
/// who uses an action may still name an agent whose attach is in flight or never committed.</param>
public sealed record AgentActivity(string AgentId, string Name, bool Active, IReadOnlyList<Guid> ActionIds);
