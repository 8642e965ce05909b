using Marten;
using Modular.Actions.Contracts;
using Modular.Runs.Domain;

namespace Modular.Runs.RunLog;

/// <summary>Deleting an action permanently removes its runs, their logs (event streams) and documents.</summary>
public static class DeleteRunsOfActionHandler
{
    public static async Task Handle(ActionDeleted deleted, IDocumentSession session, CancellationToken cancellationToken)
    {
        var runIds = await session.Query<Run>().Where(r => r.ActionId == deleted.ActionId).Select(r => r.Id).ToListAsync(cancellationToken);
        RunDeletion.Delete(session, runIds);
    }
}
