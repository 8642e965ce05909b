using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Modular.BuildingBlocks.Http;

namespace Modular.Agents.Domain;

/// <summary>
/// Reads behaviours sent in the 003 shape and checks every rule of 003 at once, reporting each
/// violation at the JSON pointer of the offending value.
/// </summary>
public static partial class BehaviorRules
{
    public const int MaxBehaviors = 50;
    public const int MaxActions = 50;
    public const int MaxInstructionLength = 20_000;
    private const string Root = "/behaviors";

    [GeneratedRegex(@"%\{action:([^}]*)\}")]
    public static partial Regex ActionReference();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex EventIdPattern();

    /// <param name="existing">The agent's current behaviours: an <c>id</c> must name one of them (or one of their actions).</param>
    public static List<Behavior> Read(JsonNode? behaviors, IReadOnlyList<Behavior> existing, Violations violations)
    {
        if (behaviors is not JsonArray list)
        {
            violations.Add(Root, "behaviors must be an array.");
            return [];
        }
        if (list.Count > MaxBehaviors) violations.Add(Root, $"An agent has at most {MaxBehaviors} behaviours.");

        var result = new List<Behavior>();
        for (var i = 0; i < list.Count; i++)
            if (ReadBehavior(list[i], $"{Root}/{i}", existing, violations) is { } behavior) result.Add(behavior);

        foreach (var duplicate in result.GroupBy(b => b.Id).Where(g => g.Count() > 1))
            violations.Add(Root, $"The behaviour '{duplicate.Key}' is listed more than once.");
        return result;
    }

    private static Behavior? ReadBehavior(JsonNode? node, string at, IReadOnlyList<Behavior> existing, Violations violations)
    {
        if (node is not JsonObject behavior)
        {
            violations.Add(at, "A behaviour must be an object.");
            return null;
        }

        var id = OptionalString(behavior, "id", at, violations);
        var stored = id is null ? null : existing.FirstOrDefault(b => b.Id == id);
        if (id is not null && stored is null) violations.Add($"{at}/id", $"'{id}' is not a behaviour of this agent; leave id out to create one.");

        var name = RequiredString(behavior, "name", at, violations, 200);
        var eventId = RequiredString(behavior, "eventId", at, violations, 64);
        if (eventId is not null && !EventIdPattern().IsMatch(eventId))
            violations.Add($"{at}/eventId", "eventId is the trigger event's identifier, such as card_created.");

        var paramsAt = $"{at}/actionParams/aiBehaviorParams";
        if (behavior["actionParams"]?["aiBehaviorParams"] is not JsonObject aiParams)
        {
            violations.Add(paramsAt, "actionParams.aiBehaviorParams with an instruction and actionsAttributes is required.");
            return null;
        }
        var instruction = RequiredString(aiParams, "instruction", paramsAt, violations, MaxInstructionLength);
        var actions = ReadActions(aiParams["actionsAttributes"], $"{paramsAt}/actionsAttributes", stored, violations);
        CheckReferences(instruction, actions, paramsAt, violations);

        return name is null || eventId is null || instruction is null
            ? null
            : new Behavior(id ?? Guid.NewGuid().ToString(), name, eventId, new BehaviorActionParams(new AiBehaviorParams(instruction, actions)));
    }

    private static List<BehaviorAction> ReadActions(JsonNode? node, string at, Behavior? stored, Violations violations)
    {
        if (node is not JsonArray list)
        {
            violations.Add(at, "actionsAttributes must be an array of the actions the agent may call.");
            return [];
        }
        if (list.Count > MaxActions) violations.Add(at, $"A behaviour has at most {MaxActions} actions.");

        var actions = new List<BehaviorAction>();
        var storedIds = stored?.ActionParams.AiBehaviorParams.ActionsAttributes.Select(a => a.Id).ToHashSet() ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var actionAt = $"{at}/{i}";
            if (list[i] is not JsonObject action)
            {
                violations.Add(actionAt, "An action must be an object.");
                continue;
            }
            var id = OptionalString(action, "id", actionAt, violations);
            if (id is not null && !storedIds.Contains(id))
                violations.Add($"{actionAt}/id", $"'{id}' is not an action of this behaviour; leave id out to create a new action.");
            var actionType = RequiredString(action, "actionType", actionAt, violations, 64);
            if (actionType is not null && !ActionTypes.All.Contains(actionType))
                violations.Add($"{actionAt}/actionType", $"actionType must be one of {string.Join(", ", ActionTypes.All)}.");
            var name = RequiredString(action, "name", actionAt, violations, 200);
            var referenceId = RequiredString(action, "referenceId", actionAt, violations, 64);
            if (referenceId is not null && !Guid.TryParse(referenceId, out _))
                violations.Add($"{actionAt}/referenceId", "referenceId must be a valid UUID, such as 88eb26bc-c838-41a7-a8f7-4f6c3df337a4.");
            var metadata = ReadMetadata(action["metadata"], actionType, $"{actionAt}/metadata", violations);

            if (actionType is not null && name is not null && referenceId is not null)
                actions.Add(new BehaviorAction(id ?? Guid.NewGuid().ToString(), actionType, name, referenceId, metadata));
        }

        foreach (var group in actions.Select((a, i) => (a.ReferenceId, Index: i)).GroupBy(r => r.ReferenceId.ToLowerInvariant()).Where(g => g.Count() > 1))
            foreach (var duplicate in group.Skip(1))
                violations.Add($"{at}/{duplicate.Index}/referenceId", $"referenceId '{duplicate.ReferenceId}' is already used by another action of this behaviour.");
        return actions;
    }

    private static BehaviorActionMetadata ReadMetadata(JsonNode? node, string? actionType, string at, Violations violations)
    {
        if (node is not null and not JsonObject) violations.Add(at, "metadata must be an object.");
        var metadata = node as JsonObject ?? [];
        var pipeId = OptionalString(metadata, "pipeId", at, violations);
        var tableId = OptionalString(metadata, "tableId", at, violations);
        var destinationPhaseId = OptionalString(metadata, "destinationPhaseId", at, violations);
        var emailTemplateId = OptionalString(metadata, "emailTemplateId", at, violations);
        bool? allowModifications = null;
        if (metadata["allowTemplateModifications"] is { } allow)
        {
            if (allow.GetValueKind() is JsonValueKind.True or JsonValueKind.False) allowModifications = allow.GetValue<bool>();
            else violations.Add($"{at}/allowTemplateModifications", "allowTemplateModifications must be true or false.");
        }
        var fields = ReadFieldsAttributes(metadata["fieldsAttributes"], $"{at}/fieldsAttributes", violations);

        void Require(string? value, string field, string why)
        {
            if (string.IsNullOrWhiteSpace(value)) violations.Add($"{at}/{field}", $"{field} is required {why}.");
        }
        switch (actionType)
        {
            case ActionTypes.MoveCard:
                Require(destinationPhaseId, "destinationPhaseId", "to move a card");
                Require(pipeId, "pipeId", "to move a card");
                break;
            case ActionTypes.UpdateCard when fields is not { Count: > 0 }:
                violations.Add($"{at}/fieldsAttributes", "update_card needs at least one fieldsAttributes entry.");
                break;
            case ActionTypes.CreateCard or ActionTypes.CreateConnectedCard:
                Require(pipeId, "pipeId", $"by {actionType}");
                break;
            case ActionTypes.CreateTableRecord:
                Require(tableId, "tableId", "by create_table_record");
                break;
            case ActionTypes.SendEmailTemplate:
                Require(emailTemplateId, "emailTemplateId", "by send_email_template");
                break;
        }
        return new BehaviorActionMetadata(pipeId, tableId, destinationPhaseId, fields, emailTemplateId, allowModifications);
    }

    private static List<FieldAttribute>? ReadFieldsAttributes(JsonNode? node, string at, Violations violations)
    {
        if (node is null) return null;
        if (node is not JsonArray list)
        {
            violations.Add(at, "fieldsAttributes must be an array.");
            return null;
        }
        var fields = new List<FieldAttribute>();
        for (var i = 0; i < list.Count; i++)
        {
            var fieldAt = $"{at}/{i}";
            if (list[i] is not JsonObject field)
            {
                violations.Add(fieldAt, "A field attribute must be an object.");
                continue;
            }
            var fieldId = RequiredString(field, "fieldId", fieldAt, violations, 200);
            var inputMode = RequiredString(field, "inputMode", fieldAt, violations, 32);
            if (inputMode is not null && !InputModes.All.Contains(inputMode))
                violations.Add($"{fieldAt}/inputMode", $"inputMode must be one of {string.Join(", ", InputModes.All)}.");
            var value = OptionalString(field, "value", fieldAt, violations, allowEmpty: true) ?? "";
            if (inputMode is InputModes.CopyFrom or InputModes.FixedValue && value.Length == 0)
                violations.Add($"{fieldAt}/value", inputMode == InputModes.CopyFrom
                    ? "copy_from needs value: the internal id of the field to copy from."
                    : "fixed_value needs value: the literal text to use.");
            if (inputMode == InputModes.FillWithAi && value.Length > 0)
                violations.Add($"{fieldAt}/value", "fill_with_ai takes an empty value (\"\"): the AI fills the field.");
            if (value.Length > 10_000) violations.Add($"{fieldAt}/value", "value is limited to 10,000 characters.");
            if (fieldId is not null && inputMode is not null) fields.Add(new FieldAttribute(fieldId, inputMode, value));
        }
        return fields;
    }

    /// <summary>Every action is referenced in the instruction as %{action:REFERENCE_ID}, and every reference names an action.</summary>
    private static void CheckReferences(string? instruction, List<BehaviorAction> actions, string at, Violations violations)
    {
        if (instruction is null) return;
        var references = ActionReference().Matches(instruction).Select(m => m.Groups[1].Value.Trim()).ToList();
        if (references.Count == 0)
            violations.Add($"{at}/instruction", "The instruction must reference at least one action as %{action:REFERENCE_ID}.");
        foreach (var unknown in references.Where(r => actions.All(a => !a.ReferenceId.Equals(r, StringComparison.OrdinalIgnoreCase))).Distinct())
            violations.Add($"{at}/instruction", $"The instruction references %{{action:{unknown}}}, but no action of this behaviour has that referenceId.");
        for (var i = 0; i < actions.Count; i++)
            if (!references.Contains(actions[i].ReferenceId, StringComparer.OrdinalIgnoreCase))
                violations.Add($"{at}/actionsAttributes/{i}/referenceId", $"The instruction does not reference this action; add %{{action:{actions[i].ReferenceId}}}.");
    }

    private static string? RequiredString(JsonObject node, string field, string at, Violations violations, int maxLength)
    {
        var value = OptionalString(node, field, at, violations);
        // A value of the wrong type was reported already; missing and blank ones are reported here.
        if (value is null && (node[field] is null || node[field]!.GetValueKind() == JsonValueKind.String))
            violations.Add($"{at}/{field}", $"{field} is required.");
        else if (value is not null && value.Length > maxLength)
            violations.Add($"{at}/{field}", $"{field} is limited to {maxLength:N0} characters.");
        return value;
    }

    private static string? OptionalString(JsonObject node, string field, string at, Violations violations, bool allowEmpty = false)
    {
        if (node[field] is not { } value) return null;
        if (value.GetValueKind() != JsonValueKind.String)
        {
            violations.Add($"{at}/{field}", $"{field} must be a string.");
            return null;
        }
        var text = value.GetValue<string>();
        return allowEmpty || !string.IsNullOrWhiteSpace(text) ? text : null;
    }
}
