namespace Modular.Identity.Workspaces;

/// <summary>A tenant: everything users build lives in exactly one workspace.</summary>
public sealed record Workspace(string Id, string Name, DateTimeOffset CreatedAt);
