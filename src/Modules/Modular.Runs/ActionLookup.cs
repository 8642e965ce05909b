using Modular.Actions.Contracts;
using Wolverine;

namespace Modular.Runs;

/// <summary>Whether an action exists in the workspace: the Actions module owns actions, so it is asked.</summary>
public static class ActionLookup
{
    public static async Task<bool> ExistsAsync(IMessageBus bus, string workspaceId, Guid actionId, CancellationToken cancellationToken) =>
        (await bus.InvokeForTenantAsync<ActionRunInfo>(workspaceId, new DescribeActionForRun(actionId), cancellationToken)).Found;
}
