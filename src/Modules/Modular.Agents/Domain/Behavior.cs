namespace Modular.Agents.Domain;

// The shape and field names of 003 ("AI Behavior Actions"): a behaviour's actions live in
// actionParams.aiBehaviorParams.actionsAttributes.

public sealed record Behavior(string Id, string Name, string EventId, BehaviorActionParams ActionParams);

public sealed record BehaviorActionParams(AiBehaviorParams AiBehaviorParams);

public sealed record AiBehaviorParams(string Instruction, IReadOnlyList<BehaviorAction> ActionsAttributes);

public sealed record BehaviorAction(string Id, string ActionType, string Name, string ReferenceId, BehaviorActionMetadata Metadata);

public sealed record BehaviorActionMetadata(
    string? PipeId = null,
    string? TableId = null,
    string? DestinationPhaseId = null,
    IReadOnlyList<FieldAttribute>? FieldsAttributes = null,
    string? EmailTemplateId = null,
    bool? AllowTemplateModifications = null);

public sealed record FieldAttribute(string FieldId, string InputMode, string Value);

public static class ActionTypes
{
    public const string MoveCard = "move_card";
    public const string UpdateCard = "update_card";
    public const string CreateCard = "create_card";
    public const string CreateConnectedCard = "create_connected_card";
    public const string CreateTableRecord = "create_table_record";
    public const string SendEmailTemplate = "send_email_template";

    public static readonly string[] All = [MoveCard, UpdateCard, CreateCard, CreateConnectedCard, CreateTableRecord, SendEmailTemplate];
}

public static class InputModes
{
    public const string FillWithAi = "fill_with_ai";
    public const string CopyFrom = "copy_from";
    public const string FixedValue = "fixed_value";

    public static readonly string[] All = [FillWithAi, CopyFrom, FixedValue];
}
