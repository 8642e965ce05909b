using Modular.Runs.Execution;
using Modular.Runs.Webhooks;
using Modular.Runs.Schedules;
using Modular.Runs.ManualRuns;
using Modular.Runs.RunLog;
using Modular.Runs.Settings;
using Modular.Runs.Queueing;
using Modular.Runs.Domain;

namespace Modular.Runs.Domain;

/// <summary>
/// A request to stop a run (its id is the run's id). Kept apart from the run's event stream, which
/// only the node executing the run writes: two writers of one stream would conflict.
/// </summary>
public sealed class RunStopRequest
{
    public Guid Id { get; set; }
    public string By { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
