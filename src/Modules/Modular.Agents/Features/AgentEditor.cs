using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Modular.Agents.Domain;
using Modular.BuildingBlocks.History;

namespace Modular.Agents.Features;

/// <summary>Every edit of an agent goes through here; see <see cref="DocumentEditor{TDocument,TRecord}"/>.</summary>
public sealed class AgentEditor(IDocumentSession session, TimeProvider clock) : DocumentEditor<Agent, AgentChange>(session, clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override string What => "agent";
    protected override Guid IdOf(Agent agent) => agent.Id;

    protected override void Touch(Agent agent, string actor, DateTimeOffset now)
    {
        agent.UpdatedAt = now;
        agent.UpdatedBy = actor;
    }

    public override JsonObject Snapshot(Agent agent) => new()
    {
        ["name"] = agent.Name,
        ["description"] = agent.Description,
        ["state"] = AgentView.StateName(agent.State),
        ["working"] = JsonSerializer.SerializeToNode(agent.Working, Json),
        ["published"] = JsonSerializer.SerializeToNode(agent.Published, Json),
    };

    public async Task<Results<Ok<AgentView>, ProblemHttpResult>> EditAsync(
        Guid id, HttpContext http, int? bodyVersion, string kind, Func<Agent, ProblemHttpResult?> change, CancellationToken cancellationToken)
    {
        var edit = await EditAsync(id, http, bodyVersion, kind, agent => Task.FromResult(change(agent)), cancellationToken);
        return edit.Problem is { } problem ? problem : TypedResults.Ok(AgentView.From(edit.Document!));
    }
}
