using Modular.Runs.Execution;
using Modular.Runs.Webhooks;
using Modular.Runs.Schedules;
using Modular.Runs.ManualRuns;
using Modular.Runs.RunLog;
using Modular.Runs.Settings;
using Modular.Runs.Queueing;
using Modular.Runs.Domain;

namespace Modular.Runs.Domain;

/// <summary>A document a run produced (documents.create), downloadable with its media type.</summary>
public sealed class RunDocument
{
    public Guid Id { get; set; }
    public Guid RunId { get; set; }
    public Guid ActionId { get; set; }
    public string Name { get; set; } = "";
    public string MediaType { get; set; } = "";
    public string Content { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
