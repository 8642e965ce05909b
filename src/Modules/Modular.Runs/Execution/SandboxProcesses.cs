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
/// The sandbox processes that run scripts: at most <see cref="RunsOptions.SandboxCount"/>, one run
/// at a time each, started with the host (and again when one ends) and reused while healthy (a run
/// waits for a free one).
/// A process is started with a clean environment (no connection string or other secret reaches a
/// script's process) and a hard heap limit, so a script can exhaust neither the host's stack nor its
/// memory, and together they stay within the node's memory budget.
/// </summary>
public sealed class SandboxProcesses(IOptions<RunsOptions> options) : IHostedService, IDisposable
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "Modular.Runs.Sandbox.dll");

    // The process that ran last runs next: under a light load a few processes take the runs and stay warm (their JIT-compiled code hot).
    private readonly ConcurrentStack<SandboxProcess> _idle = new();
    private readonly ConcurrentDictionary<SandboxProcess, byte> _all = new();
    private readonly SemaphoreSlim _free = new(options.Value.SandboxCount);
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
            var started = new List<Task>();
            while (_all.Count < options.Value.SandboxCount && Volatile.Read(ref _disposed) == 0)
            {
                var process = Start();
                started.Add(process.Ready);
                _idle.Push(process);
            }
            await Task.WhenAny(Task.WhenAll(started), Task.Delay(MaxWarmUp));
            _warmed.TrySetResult();
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A process for one run, once one is free; cancelled (a stop) while waiting, it throws.</summary>
    public async Task<SandboxProcess> LeaseAsync(CancellationToken cancellationToken)
    {
        await _free.WaitAsync(cancellationToken);
        try
        {
            while (_idle.TryPop(out var idle))
            {
                if (!idle.HasExited) return idle;
                Discard(idle);
            }
            return Start();
        }
        catch
        {
            _free.Release();
            throw;
        }
    }

    /// <summary>A process whose run ended cleanly goes back to the pool; any other is ended.</summary>
    public void Return(SandboxProcess process, bool reusable = true)
    {
        if (reusable && !process.HasExited && Volatile.Read(ref _disposed) == 0) _idle.Push(process);
        else Discard(process);
        _free.Release();
    }

    private void Discard(SandboxProcess process)
    {
        _all.TryRemove(process, out _);
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
        _all[process] = 0;
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
        foreach (var process in _all.Keys) process.Dispose();
        _all.Clear();
    }
}

/// <summary>
/// One sandbox process and its pipes. Its standard output is read by a thread of its own (a pipe read
/// would otherwise hold a thread-pool thread while the script runs); its standard error is kept (the
/// last lines) to explain a crash.
/// </summary>
public sealed class SandboxProcess : IDisposable
{
    /// <summary>Lines read ahead of the run that handles them: a script that logs faster than the host records waits on the pipe.</summary>
    private const int ReadAhead = 256;

    private readonly Process _process;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _causes = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(ReadAhead)
    {
        SingleReader = true,
        SingleWriter = true,
        // The run waiting for a message goes on on the reading thread, not behind the thread pool's queue.
        AllowSynchronousContinuations = true,
    });

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
            // seconds): its first line says enough, and the run fails now.
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
                if (!_ready.Task.IsCompleted && line == SandboxMessage.ReadyLine) _ready.TrySetResult();
                else if (!_lines.Writer.TryWrite(line)) _lines.Writer.WriteAsync(line).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or InvalidOperationException or ChannelClosedException)
        {
            // The process ended or was disposed: the reader sees the end.
        }
        finally
        {
            _ready.TrySetResult();
            _lines.Writer.TryComplete();
        }
    }

    /// <summary>Completes once the process has warmed up (or ended).</summary>
    public Task Ready => _ready.Task;

    public bool HasExited => _process.HasExited;

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

    /// <summary>The next message, or null once the process has ended.</summary>
    public async Task<SandboxMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_lines.Reader.TryRead(out var line)) return SandboxMessage.FromLine(line);
            if (!await _lines.Reader.WaitToReadAsync(cancellationToken)) return null;
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
            return "The script overflowed its stack: a value or a chain of calls, proxies or bound functions is nested too deeply.";
        if (errors.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || errors.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
            return "The script used more memory than the sandbox allows.";
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
