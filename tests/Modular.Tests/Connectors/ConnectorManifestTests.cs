using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Connectors;
using Modular.Plugins.Sdk;

namespace Modular.Tests.Connectors;

/// <summary>
/// What the Google Sheets, Wati and Pipes plugins declare, as the host loaded them: every operation documented and typed,
/// every template's default script valid JavaScript that calls only operations its connector has, every SOP readable.
/// </summary>
public sealed partial class ConnectorManifestTests(PlatformFixture platform)
{
    public static TheoryData<string> Connectors => ["google-sheets", "wati", "pipes"];

    private ConnectorManifest Connector(string id) =>
        platform.Host.Services.GetRequiredService<IConnectorCatalog>().FindConnector(id) ?? throw new ShouldAssertException($"The plugin of '{id}' is not loaded.");

    private static string ScriptName(ConnectorManifest connector) => connector.Id.Replace('-', '_');

    [Fact]
    public void The_three_connectors_are_loaded_with_their_categories_and_auth()
    {
        Connector("google-sheets").Category.ShouldBe("Spreadsheets");
        Connector("google-sheets").AuthMethods.Single().Kind.ShouldBe(AuthKind.OAuth2);
        Connector("wati").Category.ShouldBe("Messaging");
        Connector("wati").AuthMethods.Single().Fields.Select(f => f.Key).ShouldBe(["endpoint", "token"]);
        Connector("wati").AuthMethods.Single().Test.ShouldNotBeNull();
        Connector("pipes").Category.ShouldBe("Workflow");
        Connector("pipes").AuthMethods.Single().Test.ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void Every_operation_is_documented_with_an_example_that_calls_it(string connectorId)
    {
        var connector = Connector(connectorId);
        connector.Operations.ShouldNotBeEmpty();
        foreach (var operation in connector.Operations)
        {
            operation.DisplayName.ShouldNotBeNullOrWhiteSpace(operation.Id);
            operation.Description.ShouldNotBeNullOrWhiteSpace(operation.Id);
            operation.InputSchema["type"]?.ToString().ShouldBe("object", operation.Id);
            operation.OutputSchema["type"]?.ToString().ShouldBe("object", operation.Id);
            var page = operation.Documentation;
            page.ShouldContain("## Errors", customMessage: operation.Id);
            page.ShouldContain("`", customMessage: operation.Id);
            var example = Regex.Match(page, "```js\n(.*?)\n```", RegexOptions.Singleline).Groups[1].Value;
            example.ShouldContain($"{ScriptName(connector)}.{operation.Name}(", customMessage: operation.Id);
            ActionCode.FindSyntaxError(example).ShouldBeNull(operation.Id);
            // The markdown list of vendor errors beyond the two every operation has.
            page.Split("## Errors")[1].Split("## Example")[0].Split("\n- ").Length.ShouldBeGreaterThan(3, operation.Id);
        }
    }

    public static TheoryData<string> EveryConnector => ["hubspot", "slack", "google-sheets", "wati", "pipes"];

    [Theory]
    [MemberData(nameof(EveryConnector))]
    public void Every_dropdown_names_an_operation_of_the_connector_that_returns_choices(string connectorId)
    {
        var connector = Connector(connectorId);
        var choosers = connector.Operations.Where(o => o.OutputSchema["properties"]?["options"] is not null).ToList();
        choosers.ShouldNotBeEmpty();
        var dropdowns = connector.Templates.SelectMany(t => t.ConfigurationFields.Concat(t.IntentFields))
            .Concat(connector.Operations.SelectMany(o => o.Inputs))
            .Where(f => f.OptionsFrom is not null).ToList();
        dropdowns.ShouldNotBeEmpty();
        foreach (var field in dropdowns)
            choosers.ShouldContain(connector.FindOperationByIdOrName(field.OptionsFrom!)!, $"{field.Key} takes its choices from {field.OptionsFrom}");
        foreach (var chooser in choosers) chooser.Effect.ShouldBe(OperationEffect.Read);
    }

    [Theory]
    [MemberData(nameof(EveryConnector))]
    public void What_a_template_dropdown_needs_to_read_its_choices_is_another_field_of_the_template(string connectorId)
    {
        foreach (var template in Connector(connectorId).Templates)
        {
            var fields = template.IntentFields.Concat(template.ConfigurationFields).ToList();
            foreach (var dropdown in fields.Where(f => f.OptionsFrom is not null))
            {
                foreach (var need in Connector(connectorId).OptionsNeed(dropdown))
                    fields.Select(f => f.Key).ShouldContain(need, $"{template.Id}: {dropdown.Key}'s choices need {need}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void Every_template_script_parses_and_calls_only_operations_of_its_connector(string connectorId)
    {
        var connector = Connector(connectorId);
        var names = connector.Operations.Select(o => o.Name).ToHashSet();
        connector.Templates.ShouldNotBeEmpty();
        foreach (var template in connector.Templates)
        {
            template.RequiresAccount.ShouldBeTrue(template.Id);
            template.IntentFields.ShouldNotBeEmpty(template.Id);
            template.ConfigurationFields.ShouldNotBeEmpty(template.Id);
            var code = ActionCode.Generate(FieldValues.Defaults(template.ConfigurationFields), template.Script);
            ActionCode.FindSyntaxError(code).ShouldBeNull(template.Id);
            var calls = Call().Matches(template.Script).Select(m => (Target: m.Groups[1].Value, Name: m.Groups[2].Value)).ToList();
            var connectorCalls = calls.Where(c => c.Target == ScriptName(connector)).ToList();
            connectorCalls.ShouldNotBeEmpty(template.Id);
            foreach (var call in connectorCalls) names.ShouldContain(call.Name, $"{template.Id} calls {call.Target}.{call.Name}");
            // The action's account is its own connector's only: its script calls no other connector.
            var connectorNames = platform.Host.Services.GetRequiredService<IConnectorCatalog>().Connectors.Select(ScriptName).ToHashSet();
            calls.Select(c => c.Target).Where(connectorNames.Contains).Distinct().ShouldBe([ScriptName(connector)], template.Id);
        }
    }

    [Theory]
    [MemberData(nameof(Connectors))]
    public void Every_template_sop_renders_with_and_without_its_settings(string connectorId)
    {
        foreach (var template in Connector(connectorId).Templates)
        {
            foreach (var (configuration, intentFields) in new[]
            {
                (FieldValues.Defaults(template.ConfigurationFields), new JsonObject()),
                (Filled(template.ConfigurationFields), Filled(template.IntentFields)),
            })
            {
                var action = new ActionDefinition { Name = "Test", Intent = "Do the thing.", Configuration = configuration, IntentFields = intentFields };
                var sop = ActionDescription.Render(template.Sop, action);
                sop.ShouldNotContain("could not be read", customMessage: template.Id);
                sop.ShouldNotContain("{{", customMessage: template.Id);
                sop.Split('\n').Length.ShouldBeGreaterThan(2, template.Id);
            }
        }
    }

    private static JsonObject Filled(IEnumerable<FieldDefinition> fields) => new(fields.Select(f => KeyValuePair.Create(f.Key, f.Kind switch
    {
        FieldKind.Boolean => (JsonNode?)JsonValue.Create(true),
        FieldKind.Number => JsonValue.Create(1),
        FieldKind.KeyValue => new JsonObject { ["name"] = "{{ input.name }}" },
        FieldKind.Select => JsonValue.Create(f.Options![^1]),
        _ => JsonValue.Create("value-of-" + f.Key),
    })));

    [GeneratedRegex(@"\b([A-Za-z_][\w]*)\.(\w+)\(")]
    private static partial Regex Call();
}
