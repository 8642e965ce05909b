namespace Modular.BuildingBlocks.Workspaces;

/// <summary>
/// Published (with the workspace as its tenant) when an owner deletes a workspace: every module that
/// keeps data of a workspace deletes all of it on this message.
/// </summary>
public sealed record WorkspaceDeleted(string WorkspaceId, DateTimeOffset At);
