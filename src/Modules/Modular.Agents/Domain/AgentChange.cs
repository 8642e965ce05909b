using Modular.BuildingBlocks.History;

namespace Modular.Agents.Domain;

/// <summary>A recorded change of an agent, behaviours included; <see cref="ChangeRecord.SubjectId"/> is the agent's id.</summary>
public sealed class AgentChange : ChangeRecord;
