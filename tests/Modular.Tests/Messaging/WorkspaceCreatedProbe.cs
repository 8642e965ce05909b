using Modular.Identity.Contracts;

namespace Modular.Tests.Messaging;

/// <summary>Stands in for a module that reacts to <see cref="WorkspaceCreated"/>.</summary>
public static class WorkspaceCreatedProbeHandler
{
    public static void Handle(WorkspaceCreated created) => WorkspaceCreatedProbe.Received.Add(created);
}

public static class WorkspaceCreatedProbe
{
    public static readonly System.Collections.Concurrent.ConcurrentBag<WorkspaceCreated> Received = [];
}
