using Marten;
using Modular.Agents.Domain;
using Modular.BuildingBlocks.Workspaces;

namespace Modular.Agents.Features;

/// <summary>A deleted workspace's agents go with it, with their history.</summary>
public static class DeleteAgentsOfWorkspaceHandler
{
    public static void Handle(WorkspaceDeleted deleted, IDocumentSession session)
    {
        session.DeleteWhere<Agent>(_ => true);
        session.DeleteWhere<AgentChange>(_ => true);
    }
}
