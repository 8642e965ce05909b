using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes.Operations;

public sealed record PipeInput(
    [property: Required, Display(Name = "Pipe", Description = "The pipe's id."), OptionsFrom("listPipes")] string PipeId);

/// <summary><c>pipes.listPhases</c>: the phases of a pipe, in order, for a dropdown.</summary>
public sealed class ListPhases : Operation<PipeInput, OptionList>
{
    private const string Query = "query ($id: ID!) { pipe(id: $id) { id phases { id name } } }";

    public override string Id => "pipes.listPhases";
    public override string DisplayName => "List the phases of a pipe";
    public override string Description => "Lists a pipe's phases, in their order, as choices.";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { options } = await pipes.listPhases({ pipeId: config.pipeId });""";
    public override string Errors => """
        - `RESOURCE_NOT_FOUND` / `RECORD_NOT_FOUND`: no pipe has this id, or the token's user cannot see it.
        """;

    protected override async Task<OptionList> RunAsync(OperationContext context, PipeInput input, CancellationToken cancellationToken)
    {
        var pipe = (await PipesGraphQL.QueryAsync(context, Query, new JsonObject { ["id"] = input.PipeId.Trim() }, cancellationToken))["pipe"]
            ?? throw new ConnectorCallException($"Pipes found no pipe {input.PipeId.Trim()}.");
        return new OptionList([.. PipesGraphQL.Nodes(pipe["phases"]).Select(p => new OptionItem(PipesGraphQL.Text(p, "id") ?? "", PipesGraphQL.Text(p, "name") ?? ""))]);
    }
}
