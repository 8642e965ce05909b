using JasperFx;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Contracts;
using Modular.Identity.Workspaces;
using Wolverine;
using Wolverine.Marten;

namespace Modular.Identity.Features;

public sealed record CreateWorkspaceRequest(string? Id, string? Name);

public sealed record WorkspaceView(string Id, string Name, DateTimeOffset CreatedAt)
{
    public static WorkspaceView From(Workspace workspace) => new(workspace.Id, workspace.Name, workspace.CreatedAt);
}

/// <summary>Stores the workspace and publishes <see cref="WorkspaceCreated"/> in the same transaction.</summary>
public sealed record CreateWorkspace(string Id, string Name);

public static class CreateWorkspaceEndpoint
{
    public static void MapCreateWorkspace(this IEndpointRouteBuilder workspaces) =>
        workspaces.MapPost("/", Handle).WithName(nameof(CreateWorkspace)).WithSummary("Create a workspace");

    private static async Task<Results<Created<WorkspaceView>, ProblemHttpResult>> Handle(
        CreateWorkspaceRequest request, IMessageBus bus, IDocumentStore store, CancellationToken cancellationToken)
    {
        var id = request.Id?.Trim() ?? Guid.NewGuid().ToString("N");
        var name = request.Name?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (!WorkspaceResolution.WorkspaceIdPattern().IsMatch(id))
            errors["id"] = ["Use 1 to 64 lowercase letters, digits and dashes, starting with a letter or digit."];
        if (name.Length is 0 or > 100)
            errors["name"] = ["A name of 1 to 100 characters is required."];
        if (errors.Count > 0)
            return Problems.Invalid("The workspace cannot be created.", errors);

        await using var session = store.QuerySession();
        // Asked first: a handler that fails on the duplicate is logged by Wolverine as an error with its stack trace.
        if (await session.LoadAsync<Workspace>(id, cancellationToken) is not null) return Exists(id);
        try
        {
            await bus.InvokeAsync(new CreateWorkspace(id, name), cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            return Exists(id);
        }

        var created = await session.LoadAsync<Workspace>(id, cancellationToken);
        return TypedResults.Created($"/api/workspaces/{id}", WorkspaceView.From(created!));
    }

    private static ProblemHttpResult Exists(string id) => Problems.Conflict($"A workspace with id '{id}' already exists.");
}

public static class CreateWorkspaceHandler
{
    public static (IMartenOp, WorkspaceCreated) Handle(CreateWorkspace command, TimeProvider clock)
    {
        var workspace = new Workspace(command.Id, command.Name, clock.GetUtcNow());
        return (MartenOps.Insert(workspace), new WorkspaceCreated(workspace.Id, workspace.Name, workspace.CreatedAt));
    }
}
