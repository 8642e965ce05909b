namespace Modular.Actions.Domain;

/// <summary>
/// A claim that an agent uses the action (see <c>Contracts/ActionUsage.cs</c>); the name is what
/// the delete refusal shows.
/// </summary>
/// <param name="Claim">Made anew by each attach, so that the check of one attach cannot withdraw a later one.</param>
/// <param name="Since">The agent's version when the claim was made: a detach committed at a later version releases it.</param>
public sealed record AgentUse(string AgentId, string AgentName, Guid Claim = default, int Since = 0);
