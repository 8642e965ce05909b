using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Members;

namespace Modular.Identity.Features.Members;

public sealed record MemberView(Guid UserId, string Email, string Role, DateTimeOffset JoinedAt)
{
    public static MemberView From(Membership membership) =>
        new(membership.UserId, membership.Email, membership.Role.Describe(), membership.JoinedAt);
}

public static class ListMembersEndpoint
{
    public static void MapListMembers(this IEndpointRouteBuilder members) =>
        members.MapGet("/", Handle).WithName("ListMembers").WithSummary("The workspace's members and their roles");

    private static async Task<Ok<IReadOnlyList<MemberView>>> Handle(WorkspaceContext workspace, IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var members = await session.Query<Membership>().Where(m => m.WorkspaceId == workspace.Id).OrderBy(m => m.JoinedAt).Take(1000).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<MemberView>>(members.Select(MemberView.From).ToList());
    }
}
