using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes.Operations;

public sealed record ListFieldsInput(
    [property: Required, Display(Name = "Pipe", Description = "The pipe's id."), OptionsFrom("listPipes")] string PipeId,
    [property: Display(Name = "Phase", Description = "Only this phase's fields; the start form's and every phase's when left out."), OptionsFrom("listPhases")] string? PhaseId = null);

/// <summary><c>pipes.listFields</c>: the fields of a pipe (its start form and phases) or of one phase, for a dropdown; the value is the field id operations take.</summary>
public sealed class ListFields : Operation<ListFieldsInput, OptionList>
{
    private const string Fields = "id label type required";
    private const string PipeQuery = $"query ($id: ID!) {{ pipe(id: $id) {{ start_form_fields {{ {Fields} }} phases {{ name fields {{ {Fields} }} }} }} }}";
    private const string PhaseQuery = $"query ($id: ID!) {{ phase(id: $id) {{ name fields {{ {Fields} }} }} }}";

    public override string Id => "pipes.listFields";
    public override string DisplayName => "List the fields of a pipe";
    public override string Description => "Lists the fields of a pipe's start form and phases (or of one phase) as choices: the value is the field id that createCard and updateCard take.";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { options } = await pipes.listFields({ pipeId: config.pipeId });""";
    public override string Errors => """
        - `RESOURCE_NOT_FOUND` / `RECORD_NOT_FOUND`: no pipe or phase has this id, or the token's user cannot see it.
        """;

    protected override async Task<OptionList> RunAsync(OperationContext context, ListFieldsInput input, CancellationToken cancellationToken)
    {
        var options = new List<OptionItem>();
        if (!string.IsNullOrWhiteSpace(input.PhaseId))
        {
            var phase = (await PipesGraphQL.QueryAsync(context, PhaseQuery, new JsonObject { ["id"] = input.PhaseId.Trim() }, cancellationToken))["phase"]
                ?? throw new ConnectorCallException($"Pipes found no phase {input.PhaseId.Trim()}.");
            Add(options, phase["fields"], PipesGraphQL.Text(phase, "name") ?? "phase");
            return new OptionList(options);
        }
        var pipe = (await PipesGraphQL.QueryAsync(context, PipeQuery, new JsonObject { ["id"] = input.PipeId.Trim() }, cancellationToken))["pipe"]
            ?? throw new ConnectorCallException($"Pipes found no pipe {input.PipeId.Trim()}.");
        Add(options, pipe["start_form_fields"], "start form");
        foreach (var phase in PipesGraphQL.Nodes(pipe["phases"]))
            Add(options, phase["fields"], PipesGraphQL.Text(phase, "name") ?? "phase");
        return new OptionList(options);
    }

    private static void Add(List<OptionItem> options, JsonNode? fields, string where)
    {
        foreach (var field in PipesGraphQL.Nodes(fields))
        {
            var id = PipesGraphQL.Text(field, "id");
            if (id is null || options.Any(o => o.Value == id)) continue;
            var required = field["required"] is JsonValue r && r.TryGetValue<bool>(out var yes) && yes ? ", required" : "";
            options.Add(new OptionItem(id, $"{PipesGraphQL.Text(field, "label") ?? id} ({where}{required})"));
        }
    }
}
