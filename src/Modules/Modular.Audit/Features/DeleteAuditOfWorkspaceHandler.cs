using Marten;
using Modular.BuildingBlocks.Workspaces;

namespace Modular.Audit.Features;

/// <summary>A deleted workspace's audit log goes with it (the host log records the deletion).</summary>
public static class DeleteAuditOfWorkspaceHandler
{
    public static void Handle(WorkspaceDeleted deleted, IDocumentSession session) =>
        session.DeleteWhere<AuditEntry>(e => e.WorkspaceId == deleted.WorkspaceId);
}
