using Marten;
using Wolverine.Marten;
using Modular.BuildingBlocks.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Identity;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.ApiKeys;
using Modular.Identity.Features.Members;

namespace Modular.Identity.Features.ApiKeys;

public sealed record CreateApiKeyRequest(string? Name, string? Role, DateTimeOffset? ExpiresAt);

public sealed record ApiKeyView(Guid Id, string Name, string Prefix, string Role, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, bool Expired)
{
    public static ApiKeyView From(ApiKey key, ApiKeyUse? use, DateTimeOffset now) =>
        new(key.Id, key.Name, key.Prefix, key.Role.Describe(), key.UserEmail, key.CreatedAt, key.ExpiresAt, use?.LastUsedAt, !key.WorksAt(now));
}

/// <summary>The key itself is in this answer only; afterwards nothing can show it again.</summary>
public sealed record CreatedApiKeyView(string Key, ApiKeyView ApiKey);

/// <summary>
/// Any member makes keys for themselves, with a role up to their own. Admins see and revoke every
/// key of the workspace; others their own. A key cannot make or revoke keys.
/// </summary>
public static class ApiKeyEndpoints
{
    public static void MapApiKeys(this IEndpointRouteBuilder keys)
    {
        keys.MapGet("/", List).WithName("ListApiKeys").WithSummary("API keys of the workspace (yours, or all of them for admins)");
        keys.MapPost("/", Create).WithName("CreateApiKey").WithSummary("Create an API key; the key is shown once").RequireRole(WorkspaceRole.Viewer);
        keys.MapDelete("/{id:guid}", Revoke).WithName("RevokeApiKey").WithSummary("Revoke an API key; it stops working at once").RequireRole(WorkspaceRole.Viewer);
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyView>>> List(HttpContext http, WorkspaceContext workspace, IDocumentStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var userId = http.User.UserId();
        await using var session = store.QuerySession();
        var query = session.Query<ApiKey>().Where(k => k.WorkspaceId == workspace.Id && k.RevokedAt == null);
        if (workspace.Role < WorkspaceRole.Admin) query = query.Where(k => k.UserId == userId);
        var keys = await query.OrderByDescending(k => k.CreatedAt).Take(500).ToListAsync(cancellationToken);
        var uses = (await session.LoadManyAsync<ApiKeyUse>(cancellationToken, keys.Select(k => k.Id).ToArray())).ToDictionary(u => u.Id);
        var now = clock.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<ApiKeyView>>(keys.Select(k => ApiKeyView.From(k, uses.GetValueOrDefault(k.Id), now)).ToList());
    }

    private static async Task<Results<Created<CreatedApiKeyView>, ProblemHttpResult>> Create(
        CreateApiKeyRequest request, HttpContext http, WorkspaceContext workspace, IDocumentStore store, IMartenOutbox outbox, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (http.User.IsMachine()) return Problems.Forbidden("An API key or access token cannot create API keys; sign in to make one.");
        var name = request.Name?.Trim() ?? "";
        var now = clock.GetUtcNow();
        var violations = new Violations();
        if (name.Length is 0 or > 100) violations.Add("name", "A name of 1 to 100 characters, to tell the key apart later.");
        if (!Roles.TryParse(request.Role, out var role)) violations.Add("role", Roles.Choices);
        if (request.ExpiresAt is { } expires && (expires <= now || expires > now.AddYears(5))) violations.Add("expiresAt", "In the future, and within five years.");
        if (violations.Any) return Problems.Invalid("The API key cannot be created.", violations.ToDictionary());
        if (role > workspace.Role) return Problems.Forbidden($"A key's role can be up to your own ({workspace.Role.Describe()}).");

        var secret = ApiKey.NewKey();
        var key = new ApiKey(Guid.CreateVersion7(), ApiKey.HashOf(secret), ApiKey.PrefixOf(secret), name, workspace.Id, http.User.UserId()!.Value,
            http.User.Email() ?? "", role, now, request.ExpiresAt?.ToUniversalTime(), RevokedAt: null);
        await using var session = store.LightweightSession();
        session.Insert(key);
        outbox.Enroll(session);
        await outbox.RecordAsync(new Audited(workspace.Id, Actor.Name(http), "api key created", $"{key.Name} ({key.Prefix}…)", role.Describe(), now));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/api-keys/{key.Id}", new CreatedApiKeyView(secret, ApiKeyView.From(key, null, now)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        Guid id, HttpContext http, WorkspaceContext workspace, IDocumentStore store, IMartenOutbox outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (http.User.IsMachine()) return Problems.Forbidden("An API key or access token cannot revoke API keys; sign in to revoke one.");
        await using var session = store.LightweightSession();
        var key = await session.LoadAsync<ApiKey>(id, cancellationToken);
        if (key is null || key.WorkspaceId != workspace.Id || key.RevokedAt is not null || (key.UserId != http.User.UserId() && workspace.Role < WorkspaceRole.Admin))
            return Problems.NotFound("API key", id.ToString());
        session.Store(key with { RevokedAt = clock.GetUtcNow() });
        outbox.Enroll(session);
        await outbox.RecordAsync(new Audited(workspace.Id, Actor.Name(http), "api key revoked", $"{key.Name} ({key.Prefix}…)", key.Role.Describe(), clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
