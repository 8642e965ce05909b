using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Modular.BuildingBlocks.Connectors;

namespace Modular.Tests.Connectors;

/// <summary>What every loaded connector promises its users and the chat: documented operations, and templates whose scripts call only what exists.</summary>
public sealed partial class ConnectorManifestTests(PlatformFixture platform)
{
    private IConnectorCatalog Catalog => platform.Host.Services.GetRequiredService<IConnectorCatalog>();

    [Fact]
    public void Every_operation_has_schemas_and_a_documentation_page_naming_its_inputs()
    {
        var operations = Catalog.Connectors.SelectMany(c => c.Operations).ToList();
        operations.Count.ShouldBeGreaterThan(10);
        foreach (var operation in operations)
        {
            operation.InputSchema["type"]?.GetValue<string>().ShouldBe("object", operation.Id);
            operation.OutputSchema.ShouldNotBeNull(operation.Id);
            operation.Documentation.ShouldContain(operation.Id, customMessage: operation.Id);
            foreach (var input in operation.Inputs)
                operation.Documentation.ShouldContain($"`{input.Key}`", customMessage: operation.Id);
        }
    }

    [Fact]
    public void Every_template_script_calls_only_operations_of_loaded_connectors_and_its_choices_come_from_its_own_connector()
    {
        var operations = Catalog.Connectors.SelectMany(c => c.Operations.Select(o => $"{c.Id.Replace('-', '_')}.{o.Name}")).ToHashSet();
        var scriptNames = Catalog.Connectors.Select(c => c.Id.Replace('-', '_')).ToHashSet();
        foreach (var connector in Catalog.Connectors)
            foreach (var template in connector.Templates)
            {
                var calls = Call().Matches(template.Script).Select(m => m.Groups[1].Value + "." + m.Groups[2].Value).Where(c => scriptNames.Contains(c.Split('.')[0])).ToList();
                calls.ShouldNotBeEmpty(template.Id);
                calls.Where(c => !operations.Contains(c)).ShouldBeEmpty(template.Id);
                foreach (var field in template.ConfigurationFields.Concat(template.IntentFields).Where(f => f.OptionsFrom is not null))
                    connector.FindOperation(field.OptionsFrom!).ShouldNotBeNull($"{template.Id}: {field.Key} takes its choices from {field.OptionsFrom}");
            }
    }

    [GeneratedRegex(@"\b([a-z][a-z0-9_]*)\.([A-Za-z][A-Za-z0-9]*)\(")]
    private static partial Regex Call();
}
