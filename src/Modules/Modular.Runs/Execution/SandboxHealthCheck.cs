using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Modular.Runs.Execution;

/// <summary>Not ready while the node's sandbox processes warm up (a few seconds after start); a load balancer or script waits.</summary>
public sealed class SandboxHealthCheck(SandboxProcesses processes) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(processes.Warmed
            ? HealthCheckResult.Healthy("The sandbox processes are ready.")
            : HealthCheckResult.Unhealthy("The sandbox processes are starting."));
}
