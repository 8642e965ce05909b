using Marten;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Workspaces;

namespace Modular.Actions.Features;

/// <summary>A deleted workspace's actions go with it, with their history.</summary>
public static class DeleteActionsOfWorkspaceHandler
{
    public static void Handle(WorkspaceDeleted deleted, IDocumentSession session)
    {
        session.DeleteWhere<ActionDefinition>(_ => true);
        session.DeleteWhere<ActionChange>(_ => true);
    }
}
