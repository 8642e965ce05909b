using Modular.Plugins.Sdk;
using Modular.Runs.Domain;
using Modular.Runs.Queueing;
using Modular.Runs.Sandbox;
using Modular.Runs.Settings;

namespace Modular.Runs.Execution;

/// <summary>
/// Records a run's events as its script produces them. The script thread only adds to a buffer; the
/// buffer is written to the run's stream, with the run's summary, every <see cref="FlushInterval"/>
/// (so the live log follows within that delay), before the first call to a connected system, and at
/// the end, one write at a time so that the order is kept. A run that ends within the interval is
/// written once.
/// </summary>
public sealed class RunRecorder : IAsyncDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);
    private const int MaxNameLength = 200;

    private readonly RunJournal _journal;
    private readonly string _workspaceId;
    private readonly Guid _runId;
    private readonly Guid _actionId;
    private Run _run;
    private readonly RunLimits _limits;
    private readonly TimeProvider _clock;
    private readonly Lock _bufferLock = new();
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Timer _timer;
    private List<object> _events = [];
    private List<RunDocument> _documents = [];
    private int _logLines;
    private bool _written;

    /// <param name="run">The run's summary as stored.</param>
    public RunRecorder(RunJournal journal, string workspaceId, Run run, RunLimits limits, TimeProvider clock)
    {
        (_journal, _workspaceId, _run, _runId, _actionId, _limits, _clock) = (journal, workspaceId, run, run.Id, run.ActionId, limits, clock);
        _timer = new Timer(_ => _ = FlushInBackgroundAsync(), null, FlushInterval, FlushInterval);
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    public void Append(object @event)
    {
        lock (_bufferLock) _events.Add(@event);
    }

    public void Log(string level, string message)
    {
        if (TakeLogLine()) Append(new LogWritten(SafeText.Clean(level, 20), SafeText.Clean(message, _limits.MaxLogLineLength), Now));
    }

    /// <summary>
    /// A log line and a connector call are each a line of the run's log, within its limit: a script
    /// calling a connector in a loop cannot flood the log (and the store) any more than one logging.
    /// The first line past the limit is a notice; the rest are dropped.
    /// </summary>
    private bool TakeLogLine()
    {
        var line = Interlocked.Increment(ref _logLines);
        if (line == _limits.MaxLogLines + 1)
            Append(new LogWritten("warning", $"The log limit of {_limits.MaxLogLines:N0} lines was reached; further lines and connector calls are not recorded.", Now));
        return line <= _limits.MaxLogLines;
    }

    public void StepStarted(int step, string name) => Append(new StepStarted(step, SafeText.Clean(name, MaxNameLength), Now));

    public void StepFinished(int step, string name, double durationMs, string? error) =>
        Append(new StepFinished(step, SafeText.Clean(name, MaxNameLength), durationMs, Clean(error), Now));

    public void ConnectorCalled(string operation, int? status, double durationMs, string? error)
    {
        if (TakeLogLine()) Append(new ConnectorCalled(SafeText.Clean(operation, MaxNameLength), status, durationMs, Clean(error), Now));
    }

    private static string? Clean(string? error) => error is null ? null : SafeText.Clean(error, RunningScript.MaxErrorLength);

    /// <summary>A document of text (<paramref name="content"/>), or of <paramref name="bytes"/> when it is binary.</summary>
    public void DocumentCreated(Guid id, string name, string content, byte[]? bytes, string mediaType)
    {
        (name, content, mediaType) = (SafeText.Clean(name, 200), bytes is null ? SafeText.Clean(content) : "", SafeText.Clean(mediaType, 200));
        var document = new RunDocument
        {
            Id = id,
            RunId = _runId,
            ActionId = _actionId,
            Name = name,
            MediaType = mediaType,
            Content = content,
            Bytes = bytes,
            CreatedAt = Now,
        };
        lock (_bufferLock)
        {
            _documents.Add(document);
            _events.Add(new DocumentCreated(document.Id, name, mediaType, bytes?.Length ?? System.Text.Encoding.UTF8.GetByteCount(content), Now));
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            List<object> events;
            List<RunDocument> documents;
            lock (_bufferLock)
            {
                if (_events.Count == 0) return;
                (events, _events) = (_events, []);
                (documents, _documents) = (_documents, []);
            }
            var next = _run.With(events);
            try
            {
                await _journal.WriteAsync(_workspaceId, new RunJournal.Write(session =>
                {
                    session.Events.Append(_runId, events);
                    session.Store(next);
                    foreach (var document in documents) session.Store(document);
                }), cancellationToken);
                (_run, _written) = (next, true);
            }
            catch
            {
                // Not written: put them back in front, in order, for the next flush.
                lock (_bufferLock)
                {
                    _events.InsertRange(0, events);
                    _documents.InsertRange(0, documents);
                }
                throw;
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Called before a call to a connected system: from then on, a node lost mid-run leaves a run
    /// that started (failed or retried, per action), never one that looks queued.
    /// </summary>
    public async Task BeforeSideEffectAsync()
    {
        if (!_written) await FlushAsync();
    }

    /// <summary>A periodic flush that fails leaves the events buffered; the next flush (or the final one) writes them.</summary>
    private async Task FlushInBackgroundAsync()
    {
        try
        {
            await FlushAsync();
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Retried at the next interval; the run's final flush reports a lasting failure.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        try
        {
            await FlushAsync();
        }
        catch (Npgsql.PostgresException refused)
        {
            // The database refused what the run recorded (it answered: this is no lost connection, and retrying
            // would run the script again). The run ends failed with the reason, without what was refused.
            lock (_bufferLock)
            {
                _events = [new RunFailed($"The run's log could not be stored ({refused.MessageText}); the run was ended.", null, 0, Now)];
                _documents = [];
            }
            await FlushAsync();
        }
        finally
        {
            _writer.Dispose();
        }
    }
}
