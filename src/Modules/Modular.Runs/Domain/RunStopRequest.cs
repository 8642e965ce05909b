
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
