using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.HubSpot.Operations;

public sealed record DealStagesInput([property: Display(Name = "Pipeline", Description = "The deal pipeline's id; every pipeline's stages when empty.")] string? Pipeline = null);

public sealed record DealStage(string Id, string Label, string PipelineId, string PipelineLabel, int DisplayOrder);

public sealed record DealStagesResult(IReadOnlyList<DealStage> Stages);

/// <summary><c>hubspot.dealStages</c>: the stages of the deal pipelines, in order.</summary>
public sealed class DealStages : Operation<DealStagesInput, DealStagesResult>
{
    public override string Id => "hubspot.dealStages";
    public override string DisplayName => "List deal stages";
    public override string Description => "Lists the stages of the portal's deal pipelines in their order, with their labels.";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { stages } = await hubspot.dealStages({ pipeline: "default" });""";

    protected override async Task<DealStagesResult> RunAsync(OperationContext context, DealStagesInput input, CancellationToken cancellationToken) =>
        new(await ReadAsync(context, input.Pipeline, cancellationToken));

    internal static async Task<List<DealStage>> ReadAsync(OperationContext context, string? pipeline, CancellationToken cancellationToken)
    {
        context.RequireAccount();
        var answer = await context.GetJsonAsync(Crm.Url(context, "crm/v3/pipelines/deals"), cancellationToken);
        var stages = new List<DealStage>();
        foreach (var each in answer?["results"] as JsonArray ?? [])
        {
            var id = each?["id"]?.ToString() ?? "";
            if (pipeline is { Length: > 0 } && id != pipeline) continue;
            foreach (var stage in each?["stages"] as JsonArray ?? [])
                stages.Add(new DealStage(stage?["id"]?.ToString() ?? "", stage?["label"]?.ToString() ?? "", id, each?["label"]?.ToString() ?? id,
                    stage?["displayOrder"] is JsonValue order && order.TryGetValue<int>(out var n) ? n : 0));
        }
        return [.. stages.OrderBy(s => s.PipelineLabel).ThenBy(s => s.DisplayOrder)];
    }
}

/// <summary><c>hubspot.dealStageOptions</c>: the deal stages as dropdown choices.</summary>
public sealed class DealStageOptions : Operation<NoInput, OptionList>
{
    public override string Id => "hubspot.dealStageOptions";
    public override string DisplayName => "Deal stage choices";
    public override string Description => "The deal stages of every pipeline, as choices for a dropdown.";
    public override OperationEffect Effect => OperationEffect.Read;

    protected override async Task<OptionList> RunAsync(OperationContext context, NoInput input, CancellationToken cancellationToken) =>
        new([.. (await DealStages.ReadAsync(context, null, cancellationToken)).Select(s => new OptionItem(s.Id, $"{s.PipelineLabel}: {s.Label}"))]);
}

/// <summary><c>hubspot.pipelineOptions</c>: the deal pipelines as dropdown choices.</summary>
public sealed class PipelineOptions : Operation<NoInput, OptionList>
{
    public override string Id => "hubspot.pipelineOptions";
    public override string DisplayName => "Deal pipeline choices";
    public override string Description => "The portal's deal pipelines, as choices for a dropdown.";
    public override OperationEffect Effect => OperationEffect.Read;

    protected override async Task<OptionList> RunAsync(OperationContext context, NoInput input, CancellationToken cancellationToken) =>
        new([.. (await DealStages.ReadAsync(context, null, cancellationToken)).DistinctBy(s => s.PipelineId).Select(s => new OptionItem(s.PipelineId, s.PipelineLabel))]);
}
