using Marten;
using Modular.Accounts.Domain;
using Modular.BuildingBlocks.Workspaces;

namespace Modular.Accounts.Features;

/// <summary>A deleted workspace's connected accounts go with it.</summary>
public static class DisconnectAccountsOfWorkspaceHandler
{
    public static void Handle(WorkspaceDeleted deleted, IDocumentSession session)
    {
        session.DeleteWhere<ConnectedAccount>(_ => true);
        session.DeleteWhere<AccountSecrets>(_ => true);
    }
}
