using JasperFx;
using Marten;
using Modular.BuildingBlocks.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Identity;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Contracts;
using Modular.Identity.Members;
using Modular.Identity.Workspaces;
using Wolverine;

namespace Modular.Identity.Features.Workspaces;

public sealed record CreateWorkspaceRequest(string? Id, string? Name);

public sealed record WorkspaceView(string Id, string Name, DateTimeOffset CreatedAt, string Role);

/// <summary>Stores the workspace with its creator as owner, and publishes <see cref="WorkspaceCreated"/> in the same transaction.</summary>
public sealed record CreateWorkspace(string Id, string Name, Guid OwnerId, string OwnerEmail);

public static class CreateWorkspaceEndpoint
{
    public static void MapCreateWorkspace(this IEndpointRouteBuilder workspaces) =>
        workspaces.MapPost("/", Handle).WithName(nameof(CreateWorkspace)).WithSummary("Create a workspace; you become its owner").WithoutWorkspace();

    private static async Task<Results<Created<WorkspaceView>, ProblemHttpResult>> Handle(
        CreateWorkspaceRequest request, HttpContext http, IMessageBus bus, IDocumentStore store, CancellationToken cancellationToken)
    {
        if (http.User.IsMachine() || http.User.UserId() is not { } ownerId)
            return Problems.Forbidden("An API key or access token works in its own workspace only; sign in to create a workspace.");
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
        if (await session.LoadAsync<Workspace>(id, cancellationToken) is { } existing) return Exists(existing);
        try
        {
            await bus.InvokeAsync(new CreateWorkspace(id, name, ownerId, http.User.Email() ?? ""), cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            return Problems.Conflict($"A workspace with id '{id}' already exists.");
        }

        var created = await session.LoadAsync<Workspace>(id, cancellationToken);
        return TypedResults.Created($"/api/workspaces/{id}", new WorkspaceView(created!.Id, created.Name, created.CreatedAt, WorkspaceRole.Owner.Describe()));
    }

    private static ProblemHttpResult Exists(Workspace existing) => Problems.Conflict(existing.DeletedAt is null
        ? $"A workspace with id '{existing.Id}' already exists."
        : $"The id '{existing.Id}' belonged to a workspace deleted on {existing.DeletedAt:yyyy-MM-dd}; ids are not reused, so choose another.");
}

public static class CreateWorkspaceHandler
{
    public static (WorkspaceCreated, Audited) Handle(CreateWorkspace command, IDocumentSession session, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        session.Insert(new Workspace(command.Id, command.Name, now));
        session.Insert(Membership.Of(command.Id, command.OwnerId, command.OwnerEmail, WorkspaceRole.Owner, now));
        return (new WorkspaceCreated(command.Id, command.Name, now),
            new Audited(command.Id, command.OwnerEmail, "workspace created", $"workspace {command.Id}", command.Name, now));
    }
}
