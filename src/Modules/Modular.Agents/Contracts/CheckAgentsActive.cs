namespace Modular.Agents.Contracts;

/// <summary>Asks which of these agents are active (a trigger fires only when an agent using the action is).</summary>
public sealed record CheckAgentsActive(IReadOnlyList<string> AgentIds);

public sealed record AgentsActivity(IReadOnlyList<AgentActivity> Agents);

public sealed record AgentActivity(string AgentId, string Name, bool Active);
