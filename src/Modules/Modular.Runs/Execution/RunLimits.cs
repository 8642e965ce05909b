namespace Modular.Runs.Execution;

/// <summary>Limits on one run's script (configuration section Runs:Limits). A script that breaks one fails with a clear reason.</summary>
public sealed class RunLimits
{
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
    public long MemoryBytes { get; set; } = 64 * 1024 * 1024;
    public int MaxStatements { get; set; } = 100_000_000;
    public int MaxRecursion { get; set; } = 256;
    public int MaxLogLines { get; set; } = 5_000;
    public int MaxLogLineLength { get; set; } = 10_000;
    public int MaxDocuments { get; set; } = 20;
    public int MaxDocumentBytes { get; set; } = 5 * 1024 * 1024;
}
