using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Identity;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Features.Workspaces;

namespace Modular.Identity.Features.Session;

/// <summary>Who is signed in (and through which API key, if one), and the workspaces they may switch between.</summary>
public sealed record MeView(Guid Id, string Email, string? ApiKey, IReadOnlyList<WorkspaceView> Workspaces)
{
    internal static async Task<MeView> OfAsync(ClaimsPrincipal caller, IDocumentStore store, CancellationToken cancellationToken) =>
        new(caller.UserId()!.Value, caller.Email() ?? "", caller.FindFirstValue(PlatformClaims.ApiKey),
            await ListWorkspacesEndpoint.MineAsync(caller, store, cancellationToken));
}

public static class GetMeEndpoint
{
    public static void MapGetMe(this IEndpointRouteBuilder api) =>
        api.MapGet("/me", Handle).WithName("GetMe").WithSummary("Who you are signed in as").WithTags("Sign-in").WithoutWorkspace();

    private static async Task<Ok<MeView>> Handle(HttpContext http, IDocumentStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await MeView.OfAsync(http.User, store, cancellationToken));
}
