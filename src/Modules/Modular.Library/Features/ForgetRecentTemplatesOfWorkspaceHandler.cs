using Marten;
using Modular.BuildingBlocks.Workspaces;
using Modular.Library.Domain;

namespace Modular.Library.Features;

/// <summary>A deleted workspace's "Recent" templates go with it.</summary>
public static class ForgetRecentTemplatesOfWorkspaceHandler
{
    public static void Handle(WorkspaceDeleted deleted, IDocumentSession session) => session.DeleteWhere<RecentTemplate>(_ => true);
}
