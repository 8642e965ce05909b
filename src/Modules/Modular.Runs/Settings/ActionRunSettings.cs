using Modular.BuildingBlocks.Http;

namespace Modular.Runs.Settings;

/// <summary>An action's own run limits (its id is the action's id); unset values take the configured defaults.</summary>
public sealed class ActionRunSettings
{
    public Guid Id { get; set; }
    public int? TimeoutSeconds { get; set; }
    public int? MemoryMegabytes { get; set; }
    public int? MaxStatements { get; set; }
    public int? MaxRecursion { get; set; }
    public int? MaxLogLines { get; set; }
    /// <summary>"fail" (the default) or "retry": what happens to a run whose node died while running it.</summary>
    public string? OnNodeLost { get; set; }

    public const int MaxAttempts = 3;
    public bool RetriesLostRuns => OnNodeLost == "retry";

    public RunLimits Apply(RunLimits defaults) => defaults with
    {
        Timeout = TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.Timeout,
        MemoryBytes = MemoryMegabytes is { } megabytes ? megabytes * 1024L * 1024 : defaults.MemoryBytes,
        MaxStatements = MaxStatements ?? defaults.MaxStatements,
        MaxRecursion = MaxRecursion ?? defaults.MaxRecursion,
        MaxLogLines = MaxLogLines ?? defaults.MaxLogLines,
    };

    /// <param name="ceilings">The most this server lets an action ask for (<see cref="RunLimitCeilings"/>): raising a limit is an administrator's decision.</param>
    public void Validate(Violations violations, RunLimitCeilings ceilings, RunLimits defaults)
    {
        Check(TimeoutSeconds, 1, ceilings.TimeoutSeconds ?? (int)defaults.Timeout.TotalSeconds, "/timeoutSeconds", "seconds", "TimeoutSeconds");
        Check(MemoryMegabytes, 1, ceilings.MemoryMegabytes ?? (int)(defaults.MemoryBytes / (1024 * 1024)), "/memoryMegabytes", "MB", "MemoryMegabytes");
        Check(MaxStatements, 1_000, ceilings.MaxStatements ?? defaults.MaxStatements, "/maxStatements", "statements", "MaxStatements");
        Check(MaxRecursion, 8, Math.Min(ceilings.MaxRecursion ?? defaults.MaxRecursion, RunLimitCeilings.MaxRecursionProvenSafe), "/maxRecursion", "calls", "MaxRecursion");
        Check(MaxLogLines, 10, ceilings.MaxLogLines ?? defaults.MaxLogLines, "/maxLogLines", "log lines", "MaxLogLines");
        if (OnNodeLost is not (null or "fail" or "retry")) violations.Add("/onNodeLost", "onNodeLost is fail or retry.");

        void Check(int? value, int min, int max, string pointer, string unit, string setting)
        {
            if (value is not { } v) return;
            if (v < min) violations.Add(pointer, $"At least {min:N0} {unit}, or null for the default.");
            else if (v > max) violations.Add(pointer, $"At most {max:N0} {unit} on this server (an administrator raises it with Runs__Ceilings__{setting}), or null for the default.");
        }
    }
}

/// <summary>
/// The configuration section <c>Runs:Ceilings</c>: the highest limits an action may set. Unset, a
/// ceiling is the server's default limit, so only an administrator can let a run go further.
/// </summary>
public sealed class RunLimitCeilings
{
    /// <summary>Deep recursion runs on the sandbox's 256 MB stack; the hostile-script tests prove this depth safe.</summary>
    public const int MaxRecursionProvenSafe = 10_000;

    public int? TimeoutSeconds { get; set; }
    public int? MemoryMegabytes { get; set; }
    public int? MaxStatements { get; set; }
    public int? MaxRecursion { get; set; }
    public int? MaxLogLines { get; set; }
}
