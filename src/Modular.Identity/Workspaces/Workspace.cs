namespace Modular.Identity.Workspaces;

/// <summary>
/// A tenant: everything users build lives in exactly one workspace. A deleted workspace is kept as a
/// tombstone, so its id is never given to a new workspace that would inherit anything a request in
/// flight wrote after the deletion.
/// </summary>
public sealed record Workspace(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt = null);
