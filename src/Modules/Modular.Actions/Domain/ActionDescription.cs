using Modular.BuildingBlocks.Templates;
using Scriban;
using Scriban.Runtime;

namespace Modular.Actions.Domain;

/// <summary>Renders a template's SOP (a Scriban template) for one action's intent and configuration.</summary>
public static class ActionDescription
{
    public static string Render(string sopTemplate, ActionDefinition action)
    {
        var template = Template.Parse(sopTemplate);
        if (template.HasErrors)
            return $"{action.Intent}\n\n(The template's description could not be read: {string.Join("; ", template.Messages)})";

        var globals = new ScriptObject
        {
            ["config"] = ScribanJson.ToScript(action.Configuration),
            ["intent"] = ScribanJson.ToScript(action.IntentFields),
            ["name"] = action.Name,
        };
        var context = new TemplateContext { StrictVariables = false, MemberRenamer = member => member.Name };
        context.PushGlobal(globals);
        var steps = template.Render(context).Trim();
        var lines = steps.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
        return $"{action.Intent.Trim()}\n\n{string.Join("\n", lines)}";
    }
}
