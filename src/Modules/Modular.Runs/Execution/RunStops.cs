using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Modular.Runs.Execution;

/// <summary>
/// Delivers stop requests to whichever node executes the run: the request is a PostgreSQL NOTIFY
/// that every node LISTENs to, and the node running the run cancels its script at once.
/// </summary>
public sealed class RunStops(NpgsqlDataSource dataSource, ILogger<RunStops> logger) : BackgroundService
{
    private const string Channel = "modular_run_stops";
    private readonly ConcurrentDictionary<Guid, Running> _running = new();

    /// <summary>Registers a run executing on this node; dispose the registration when it ends.</summary>
    public Registration Register(Guid runId)
    {
        var running = new Running(new CancellationTokenSource());
        _running[runId] = running;
        return new Registration(this, runId, running);
    }

    public async Task RequestAsync(Guid runId, string by, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select pg_notify($1, $2)");
        command.Parameters.AddWithValue(Channel);
        command.Parameters.AddWithValue($"{runId:N}|{by}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void Stop(Guid runId, string by)
    {
        if (!_running.TryGetValue(runId, out var running)) return;
        running.StoppedBy = by;
        running.Cancellation.Cancel();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) =>
                {
                    var parts = notification.Payload.Split('|', 2);
                    if (parts.Length == 2 && Guid.TryParse(parts[0], out var runId)) Stop(runId, parts[1]);
                };
                await using (var listen = new NpgsqlCommand($"listen {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException exception)
            {
                logger.LogWarning(exception, "Listening for run stop requests failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    internal sealed class Running(CancellationTokenSource cancellation)
    {
        public CancellationTokenSource Cancellation { get; } = cancellation;
        public string? StoppedBy { get; set; }
    }

    public sealed class Registration : IDisposable
    {
        private readonly RunStops _owner;
        private readonly Guid _runId;
        private readonly Running _running;

        internal Registration(RunStops owner, Guid runId, Running running) => (_owner, _runId, _running) = (owner, runId, running);

        public CancellationToken Token => _running.Cancellation.Token;
        public string? StoppedBy => _running.StoppedBy;

        public void Cancel(string by) => _owner.Stop(_runId, by);

        public void Dispose()
        {
            _owner._running.TryRemove(_runId, out _);
            _running.Cancellation.Dispose();
        }
    }
}
