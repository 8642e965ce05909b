using Modular.BuildingBlocks.Http;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Actions.Domain;

/// <summary>The rules of the intent page, and how an action's SOP and code follow its settings.</summary>
public static class ActionRules
{
    public const int MaxNameLength = 200;
    public const int MaxIntentLength = 5_000;

    public static void CheckName(string? name, Violations violations, string pointer = "/name")
    {
        if (string.IsNullOrWhiteSpace(name)) violations.Add(pointer, "A name is required.");
        else if (name.Trim().Length > MaxNameLength) violations.Add(pointer, $"The name is limited to {MaxNameLength} characters.");
    }

    /// <summary>Confirm on the intent page: name, intent and the template's required intent fields.</summary>
    public static void CheckIntent(string? name, string? intent, JsonObject intentFields, TemplateDefinition template, Violations violations)
    {
        CheckName(name, violations);
        if (string.IsNullOrWhiteSpace(intent)) violations.Add("/intent", "Describe what the action should do.");
        else if (intent.Trim().Length > MaxIntentLength) violations.Add("/intent", $"The intent is limited to {MaxIntentLength:N0} characters.");
        FieldValues.Validate(template.IntentFields, intentFields, "/intentFields", requireComplete: true, violations);
    }

    /// <summary>Rewrites the SOP and code after a change of intent or configuration.</summary>
    public static void Regenerate(ActionDefinition action, TemplateDefinition template)
    {
        action.Description = ActionDescription.Render(template.Sop, action);
        action.Code = action.CodeEdited
            ? ActionCode.ApplyConfiguration(action.Code, action.Configuration)
            : ActionCode.Generate(action.Configuration, template.Script);
    }
}
