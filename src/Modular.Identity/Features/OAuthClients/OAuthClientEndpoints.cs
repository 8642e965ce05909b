using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Audit;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Identity;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Features.Members;
using Modular.Identity.OAuthClients;
using Wolverine.Marten;

namespace Modular.Identity.Features.OAuthClients;

public sealed record CreateOAuthClientRequest(string? Name, string? Role);

public sealed record OAuthClientView(Guid Id, string ClientId, string Name, string Role, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static OAuthClientView From(OAuthClient client) => new(client.Id, client.ClientId, client.Name, client.Role.Describe(), client.UserEmail, client.CreatedAt);
}

/// <summary>The secret is in this answer only; <c>tokenUrl</c> is where the client exchanges its id and secret for an access token.</summary>
public sealed record CreatedOAuthClientView(string ClientSecret, string TokenUrl, OAuthClientView Client);

/// <summary>
/// Admins manage the workspace's OAuth 2.0 service clients (client credentials grant), each with a role
/// up to their own. Like API keys, clients are made and deleted by people signed in, not by machines.
/// </summary>
public static class OAuthClientEndpoints
{
    public static void MapOAuthClients(this IEndpointRouteBuilder clients)
    {
        clients.MapGet("/", List).WithName("ListOAuthClients").WithSummary("The workspace's OAuth clients").RequireRole(WorkspaceRole.Admin);
        clients.MapPost("/", Create).WithName("CreateOAuthClient").WithSummary("Create an OAuth client; its secret is shown once").RequireRole(WorkspaceRole.Admin);
        clients.MapDelete("/{id:guid}", Delete).WithName("DeleteOAuthClient").WithSummary("Delete an OAuth client: its tokens stop working at once").RequireRole(WorkspaceRole.Admin);
    }

    private static async Task<Ok<IReadOnlyList<OAuthClientView>>> List(WorkspaceContext workspace, IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var clients = await session.Query<OAuthClient>().Where(c => c.WorkspaceId == workspace.Id && c.RevokedAt == null)
            .OrderByDescending(c => c.CreatedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<OAuthClientView>>(clients.Select(OAuthClientView.From).ToList());
    }

    private static async Task<Results<Created<CreatedOAuthClientView>, ProblemHttpResult>> Create(
        CreateOAuthClientRequest request, HttpContext http, WorkspaceContext workspace, IDocumentStore store, IMartenOutbox outbox, PublicAddress address,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (http.User.IsMachine()) return Problems.Forbidden("Sign in to create an OAuth client; an API key or token cannot.");
        var name = request.Name?.Trim() ?? "";
        var violations = new Violations();
        if (name.Length is 0 or > 100) violations.Add("name", "A name of 1 to 100 characters.");
        if (!Roles.TryParse(request.Role, out var role)) violations.Add("role", Roles.Choices);
        if (violations.Any) return Problems.Invalid("The OAuth client cannot be created.", violations.ToDictionary());
        if (role > workspace.Role) return Problems.Forbidden($"A client's role can be up to your own ({workspace.Role.Describe()}).");

        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var client = new OAuthClient(Guid.CreateVersion7(), "mc_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), TokenServer.HashOf(secret), name,
            workspace.Id, http.User.UserId()!.Value, http.User.Email() ?? "", role, now, RevokedAt: null);
        await using var session = store.LightweightSession();
        session.Insert(client);
        outbox.Enroll(session);
        await outbox.RecordAsync(new Audited(workspace.Id, Actor.Name(http), "oauth client created", $"{name} ({client.ClientId})", role.Describe(), now));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/oauth-clients/{client.Id}", new CreatedOAuthClientView(secret, address.For(TokenServer.TokenPath), OAuthClientView.From(client)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, HttpContext http, WorkspaceContext workspace, IDocumentStore store, IMartenOutbox outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (http.User.IsMachine()) return Problems.Forbidden("Sign in to delete an OAuth client; an API key or token cannot.");
        await using var session = store.LightweightSession();
        var client = await session.LoadAsync<OAuthClient>(id, cancellationToken);
        if (client is null || client.WorkspaceId != workspace.Id || client.RevokedAt is not null) return Problems.NotFound("OAuth client", id.ToString());
        session.Store(client with { RevokedAt = clock.GetUtcNow() });
        outbox.Enroll(session);
        await outbox.RecordAsync(new Audited(workspace.Id, Actor.Name(http), "oauth client deleted", $"{client.Name} ({client.ClientId})", client.Role.Describe(), clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
