namespace Modular.Identity.Contracts;

/// <summary>Published when a workspace is created, after its record is committed.</summary>
public sealed record WorkspaceCreated(string WorkspaceId, string Name, DateTimeOffset CreatedAt);
