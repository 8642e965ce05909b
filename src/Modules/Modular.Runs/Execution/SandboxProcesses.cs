using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Modular.Runs.Domain;
using Modular.Runs.Queueing;
using Modular.Runs.Sandbox;

namespace Modular.Runs.Execution;

/// <summary>
/// The sandbox processes that run scripts: <see cref="RunsOptions.SandboxCount"/> of them, started
/// with the host (and again when one ends), each running up to <see cref="RunsOptions.RunsPerSandbox"/>
/// runs at once (a run waiting on a connector call holds no thread there). A run goes to the least
/// busy process, so a process that ends takes as few runs with it as it can.
/// A process is started with a clean environment (no connection string or other secret reaches a
/// script's process) and a hard heap limit, so a script can exhaust neither the host's stack nor its
/// memory, and together they stay within the node's memory budget.
/// </summary>
public sealed class SandboxProcesses(IOptions<RunsOptions> options) : IHostedService, IDisposable
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "Modular.Runs.Sandbox.dll");
    /// <summary>How long a run the host gave up on (stopped, or past its time) is given to end before its process is ended.</summary>
    public static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private readonly List<SandboxProcess> _all = [];
    private readonly SemaphoreSlim _free = new(options.Value.SandboxCount * options.Value.RunsPerSandbox);
    private int _disposed;

    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource _warmed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the processes started with the host have warmed up (or given up): until then the node reports itself not ready.</summary>
    public bool Warmed => _warmed.Task.IsCompleted;

    /// <summary>
    /// The processes start (and warm up) with the host, in the background: the node's health answers
    /// "starting" until they are ready, so that the first runs neither wait for them nor share the CPU
    /// with their warm-up.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            List<Task> started;
            lock (_lock) started = StartMissing().Select(process => process.Ready).ToList();
            await Task.WhenAny(Task.WhenAll(started), Task.Delay(MaxWarmUp));
            _warmed.TrySetResult();
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A place for one run in a process, once one is free; cancelled (a stop) while waiting, it throws.
    /// <paramref name="alone"/>: a process of its own, ended after the run (for a run that a crash of
    /// its shared process ended, so that it cannot meet the script that crashed it again).
    /// </summary>
    public async Task<SandboxRun> LeaseAsync(CancellationToken cancellationToken, bool alone = false)
    {
        await _free.WaitAsync(cancellationToken);
        try
        {
            lock (_lock)
            {
                StartMissing();
                if (alone)
                {
                    var own = Start();
                    own.Retire();
                    return own.Open();
                }
                // The first of the least busy: under a light load the same few processes take the runs and stay warm.
                var process = _all.Where(p => p.Usable && p.Active < options.Value.RunsPerSandbox).MinBy(p => p.Active) ?? Start();
                return process.Open();
            }
        }
        catch
        {
            _free.Release();
            throw;
        }
    }

    /// <summary>
    /// The run's place is free again. A run the host gave up on (<paramref name="ended"/> false) is
    /// given <see cref="AbandonGrace"/> to end in its process (a regular expression cannot be
    /// interrupted while it matches); one that does not, ends its process.
    /// </summary>
    public void Return(SandboxRun run, bool ended)
    {
        if (ended) Release(run);
        else _ = AbandonAsync(run);
    }

    private async Task AbandonAsync(SandboxRun run)
    {
        try
        {
            using var grace = new CancellationTokenSource(AbandonGrace);
            while (await run.ReceiveAsync(grace.Token) is { Type: not "done" })
            {
                // What it reports after the host gave up is not recorded.
            }
        }
        catch (OperationCanceledException)
        {
            run.Process.Kill();
        }
        Release(run);
    }

    private void Release(SandboxRun run)
    {
        lock (_lock)
        {
            run.Close();
            if (!run.Process.Usable && run.Process.Active == 0) Discard(run.Process);
        }
        _free.Release();
    }

    /// <summary>Starts processes in place of those that ended or retired, up to the count configured.</summary>
    private List<SandboxProcess> StartMissing()
    {
        // A retired process may have said so after its last run ended: nothing else would end it.
        foreach (var ended in _all.Where(p => !p.Usable && p.Active == 0).ToList()) Discard(ended);
        var started = new List<SandboxProcess>();
        while (_all.Count(p => p.Usable) < options.Value.SandboxCount && Volatile.Read(ref _disposed) == 0) started.Add(Start());
        return started;
    }

    private void Discard(SandboxProcess process)
    {
        _all.Remove(process);
        process.Dispose();
    }

    private SandboxProcess Start()
    {
        var start = new ProcessStartInfo(DotnetHost(), [Program])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" })
            if (Environment.GetEnvironmentVariable(name) is { } value) start.Environment[name] = value;
        start.Environment["DOTNET_GCHeapHardLimit"] = (options.Value.SandboxMemoryMegabytes * 1024L * 1024).ToString("X");
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new SandboxProcess(System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("The sandbox process did not start."));
        _all.Add(process);
        return process;
    }

    /// <summary>The dotnet executable that runs this host (a test runner or the apphost is not it).</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath)) return hostPath;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return root is not null && File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : "dotnet";
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        lock (_lock)
        {
            foreach (var process in _all) process.Dispose();
            _all.Clear();
        }
    }
}

/// <summary>
/// One sandbox process and its pipes. Its standard output is read by a thread of its own (a pipe read
/// would otherwise hold a thread-pool thread), which hands each message to its run; its standard
/// error is kept (the last lines) to explain a crash. Only <see cref="SandboxProcesses"/> opens and
/// closes runs, under its lock.
/// </summary>
public sealed class SandboxProcess : IDisposable
{
    /// <summary>Messages read ahead of the run that handles them: a script that logs faster than the host records waits on the pipe.</summary>
    private const int ReadAhead = 256;

    private readonly Process _process;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _causes = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<int, Channel<SandboxMessage>> _runs = new();
    private int _lastRun;
    private volatile bool _retiring;
    private volatile bool _ended;

    public SandboxProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not { } text) return;
            // The runtime names the failure first, then prints the stack it overflowed: keep the name.
            if (_causes.Count < 5 && (_errors.IsEmpty || text.Contains("overflow", StringComparison.OrdinalIgnoreCase) || text.Contains("memory", StringComparison.OrdinalIgnoreCase)))
                _causes.Enqueue(text);
            _errors.Enqueue(text);
            if (_errors.Count > 20) _errors.TryDequeue(out string? _);
            // The runtime goes on to print every frame of the overflowed stack (tens of megabytes, many
            // seconds): its first line says enough, and the runs fail now.
            if (text.StartsWith("Stack overflow", StringComparison.OrdinalIgnoreCase)) Kill();
        };
        _process.BeginErrorReadLine();
        new Thread(ReadOutput) { Name = $"sandbox {process.Id} output", IsBackground = true }.Start();
    }

    private void ReadOutput()
    {
        try
        {
            while (_process.StandardOutput.ReadLine() is { } line)
            {
                if (!_ready.Task.IsCompleted && line == SandboxMessage.ReadyLine)
                {
                    _ready.TrySetResult();
                    continue;
                }
                var message = SandboxMessage.FromLine(line);
                if (message.Type == "retiring") _retiring = true;
                // A run the host has closed (it gave up on it) has nobody to tell.
                else if (_runs.TryGetValue(message.RunId, out var run) && !run.Writer.TryWrite(message))
                    run.Writer.WriteAsync(message).AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or NotSupportedException)
        {
            // The process wrote nonsense: it is not to be trusted with any run.
            Kill();
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or InvalidOperationException or ChannelClosedException)
        {
            // The process ended or was disposed: its runs see the end.
        }
        finally
        {
            _ended = true;
            _ready.TrySetResult();
            foreach (var run in _runs.Values) run.Writer.TryComplete();
        }
    }

    /// <summary>Completes once the process has warmed up (or ended).</summary>
    public Task Ready => _ready.Task;

    public bool HasExited => _ended || _process.HasExited;

    /// <summary>Whether it takes new runs: it has not ended, nor said it takes no more.</summary>
    public bool Usable => !_retiring && !HasExited;

    /// <summary>It takes no new runs; it is ended once its runs have.</summary>
    public void Retire() => _retiring = true;

    /// <summary>Runs open in it.</summary>
    public int Active => _runs.Count;

    /// <summary>A new run in this process, numbered for its messages.</summary>
    internal SandboxRun Open()
    {
        var id = Interlocked.Increment(ref _lastRun);
        var messages = Channel.CreateBounded<SandboxMessage>(new BoundedChannelOptions(ReadAhead)
        {
            SingleReader = true,
            SingleWriter = true,
            // The run waiting for a message goes on on the reading thread, not behind the thread pool's queue.
            AllowSynchronousContinuations = true,
        });
        _runs[id] = messages;
        // Ended meanwhile: the run sees the end at once.
        if (_ended) messages.Writer.TryComplete();
        return new SandboxRun(this, id, messages.Reader);
    }

    internal void Close(int runId)
    {
        if (_runs.TryRemove(runId, out var run)) run.Writer.TryComplete();
    }

    public void Send(SandboxMessage message)
    {
        var line = message.ToLine();
        lock (_writeLock)
        {
            _process.StandardInput.Write(line);
            _process.StandardInput.Write('\n');
            _process.StandardInput.Flush();
        }
    }

    /// <summary>Why the process ended, from its exit code and what the runtime printed.</summary>
    public string CrashReason()
    {
        // Waiting without a timeout after the process ended also waits for its standard error to be read to the end.
        try { if (_process.WaitForExit(2_000)) _process.WaitForExit(); }
        catch (InvalidOperationException) { /* not started */ }
        var errors = string.Join("\n", _causes.Concat(_errors));
        if (errors.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase))
            return "The script overflowed its stack: a value or a chain of calls, proxies or bound functions is nested too deeply (the sandbox process ended with every run in it).";
        if (errors.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || errors.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
            return "The script used more memory than the sandbox allows (the sandbox process ended with every run in it).";
        var code = _process.HasExited ? _process.ExitCode.ToString() : "unknown";
        return $"The script's sandbox process ended unexpectedly (exit code {code}).";
    }

    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (Exception error) when (error is InvalidOperationException or System.ComponentModel.Win32Exception) { /* already ended */ }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

/// <summary>One run's conversation with the sandbox process it runs in.</summary>
public sealed class SandboxRun(SandboxProcess process, int id, ChannelReader<SandboxMessage> messages)
{
    public SandboxProcess Process => process;

    public void Send(SandboxMessage message) => process.Send(message with { RunId = id });

    /// <summary>The run's next message, or null once its process has ended.</summary>
    public async Task<SandboxMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (messages.TryRead(out var message)) return message;
            if (!await messages.WaitToReadAsync(cancellationToken)) return null;
        }
    }

    internal void Close() => process.Close(id);
}
