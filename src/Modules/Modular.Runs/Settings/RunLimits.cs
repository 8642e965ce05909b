
namespace Modular.Runs.Settings;

/// <summary>
/// Limits on one run's script: defaults in the configuration section Runs:Limits, overridden per
/// action. A script that breaks one fails with a clear reason.
/// </summary>
public sealed record RunLimits
{
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>An allocation budget: Jint counts every byte the script's thread allocates, garbage included.</summary>
    public long MemoryBytes { get; set; } = 1024L * 1024 * 1024;
    public int MaxStatements { get; set; } = 100_000_000;
    public int MaxRecursion { get; set; } = 256;
    public int MaxLogLines { get; set; } = 5_000;
    public int MaxLogLineLength { get; set; } = 10_000;
    public int MaxDocuments { get; set; } = 20;
    public int MaxDocumentBytes { get; set; } = 5 * 1024 * 1024;
    public int MaxSteps { get; set; } = 1_000;

    public Sandbox.SandboxLimits ForSandbox() => new(Timeout, MemoryBytes, MaxStatements, MaxRecursion, MaxDocuments, MaxDocumentBytes, MaxSteps);
}
