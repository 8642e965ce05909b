using Modular.BuildingBlocks.Http;

namespace Modular.Runs.Execution;

/// <summary>An action's own run limits (its id is the action's id); unset values take the configured defaults.</summary>
public sealed class ActionRunSettings
{
    public Guid Id { get; set; }
    public int? TimeoutSeconds { get; set; }
    public int? MemoryMegabytes { get; set; }
    public int? MaxStatements { get; set; }
    public int? MaxRecursion { get; set; }
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
    };

    public void Validate(Violations violations)
    {
        Check(TimeoutSeconds, 1, 24 * 3600, "/timeoutSeconds", "seconds");
        Check(MemoryMegabytes, 1, 16 * 1024, "/memoryMegabytes", "MB");
        Check(MaxStatements, 1_000, int.MaxValue, "/maxStatements", "statements");
        Check(MaxRecursion, 8, 10_000, "/maxRecursion", "calls");
        if (OnNodeLost is not (null or "fail" or "retry")) violations.Add("/onNodeLost", "onNodeLost is fail or retry.");

        void Check(int? value, int min, int max, string pointer, string unit)
        {
            if (value is { } v && (v < min || v > max)) violations.Add(pointer, $"Between {min:N0} and {max:N0} {unit}, or null for the default.");
        }
    }
}
