namespace Modular.Actions.Domain;

/// <summary>An agent that uses the action; the name is what the delete refusal shows.</summary>
public sealed record AgentUse(string AgentId, string AgentName);
