using Modular.BuildingBlocks.History;

namespace Modular.Actions.Domain;

/// <summary>A recorded change of an action; <see cref="ChangeRecord.SubjectId"/> is the action's id.</summary>
public sealed class ActionChange : ChangeRecord;
