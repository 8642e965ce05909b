using System.Reflection;
using Modular.Plugins.Sdk;
using Mono.Cecil;
using NetArchTest.Rules;

namespace Modular.Tests.Architecture;

/// <summary>Modules see each other only through their Contracts namespaces; plugins see only the SDK.</summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Assembly[] Modules =
    [
        typeof(Modular.Identity.IdentityModule).Assembly,
        typeof(Modular.Library.LibraryModule).Assembly,
        typeof(Modular.Actions.ActionsModule).Assembly,
        typeof(Modular.Agents.AgentsModule).Assembly,
        typeof(Modular.Accounts.AccountsModule).Assembly,
        typeof(Modular.Runs.RunsModule).Assembly,
        typeof(Modular.Audit.AuditModule).Assembly,
    ];

    public static TheoryData<string> ModuleNames => new(Modules.Select(m => m.GetName().Name!));

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_module_uses_no_other_module_beyond_its_contracts(string moduleName)
    {
        var module = Modules.Single(m => m.GetName().Name == moduleName);
        var others = Modules.Where(m => m != module).Select(m => m.GetName().Name).ToHashSet();

        // Every type the module's IL refers to, wherever it is used (signatures and method bodies).
        using var definition = ModuleDefinition.ReadModule(module.Location);
        var outsideContracts = definition.GetTypeReferences()
            .Where(t => others.Contains(t.Scope.Name) && !OuterNamespace(t).EndsWith(".Contracts", StringComparison.Ordinal))
            .Select(t => t.FullName)
            .Distinct()
            .ToList();

        outsideContracts.ShouldBeEmpty();
    }

    [Fact]
    public void Modules_do_not_depend_on_the_host()
    {
        var result = Types.InAssemblies(Modules).ShouldNot().HaveDependencyOn("Modular.Host").GetResult();

        result.IsSuccessful.ShouldBeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }

    private static string OuterNamespace(TypeReference type) => type.DeclaringType is { } outer ? OuterNamespace(outer) : type.Namespace;

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_module_does_not_reference_the_host_or_the_plugin_loader(string moduleName)
    {
        var references = Modules.Single(m => m.GetName().Name == moduleName).GetReferencedAssemblies().Select(a => a.Name).ToList();

        references.ShouldNotContain("Modular.Host");
        references.ShouldNotContain("McMaster.NETCore.Plugins");
    }

    [Fact]
    public void The_rest_plugin_references_only_the_sdk_of_this_platform()
    {
        var plugin = Assembly.LoadFrom(Path.Combine(Modular.Testing.RepositoryPaths.Plugins, "Modular.Connectors.Rest", "bin", "Modular.Connectors.Rest.dll"));

        plugin.GetReferencedAssemblies().Select(a => a.Name).Where(n => n!.StartsWith("Modular.", StringComparison.Ordinal))
            .ShouldBe([typeof(ConnectorDefinition).Assembly.GetName().Name]);
    }
}
