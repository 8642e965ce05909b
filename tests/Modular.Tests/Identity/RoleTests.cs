using System.Net;
using System.Net.Http.Json;
using Modular.Tests.Runs;

namespace Modular.Tests.Identity;

/// <summary>Each role against what it may and may not do; a workspace the caller does not belong to is 404, like an unknown one.</summary>
public sealed class RoleTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Owner, string Workspace)> WorkspaceAsync()
    {
        var owner = await platform.NewWorkspaceClientAsync();
        return (owner, owner.DefaultRequestHeaders.GetValues("X-Workspace").Single());
    }

    [Fact]
    public async Task A_viewer_reads_everything_and_changes_nothing()
    {
        var (owner, workspace) = await WorkspaceAsync();
        var runs = new RunsClient(owner);
        var actionId = await runs.ActiveActionAsync("log('hello');");
        var runId = await runs.RunToEndAsync("log('read me');");
        var (viewer, _, _) = await platform.Host.NewMemberAsync(workspace, "viewer");

        (await viewer.GetAsync($"/api/actions/{actionId}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.GetAsync($"/api/runs/{runId}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.GetAsync("/api/members", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await (await viewer.PostAsJsonAsync($"/api/actions/{actionId}/runs", new { }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        refused.GetProperty("detail").GetString()!.ShouldContain("editor");
        await (await viewer.PostAsJsonAsync("/api/agents", new { name = "Nope" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var rename = new HttpRequestMessage(HttpMethod.Put, $"/api/actions/{actionId}/name") { Content = JsonContent.Create(new { name = "Renamed", version = 1 }) };
        await (await viewer.SendAsync(rename, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await viewer.PostAsJsonAsync("/api/invitations", new { email = "a@tests.example", role = "viewer" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_editor_builds_and_runs_but_does_not_manage_members()
    {
        var (_, workspace) = await WorkspaceAsync();
        var (editor, _, _) = await platform.Host.NewMemberAsync(workspace, "editor");
        var (_, _, viewerId) = await platform.Host.NewMemberAsync(workspace, "viewer");

        (await editor.PostAsJsonAsync("/api/agents", new { name = "Editor's agent" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var runs = new RunsClient(editor);
        (await runs.WaitForEndAsync(await runs.RunToEndAsync("log('by an editor');"))).GetProperty("status").GetString().ShouldBe("succeeded");

        await (await editor.PostAsJsonAsync("/api/invitations", new { email = "b@tests.example", role = "viewer" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await editor.PutAsJsonAsync($"/api/members/{viewerId}/role", new { role = "editor" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await editor.DeleteAsync($"/api/members/{viewerId}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_admin_manages_members_up_to_admin_and_only_an_owner_makes_owners()
    {
        var (owner, workspace) = await WorkspaceAsync();
        var (admin, _, _) = await platform.Host.NewMemberAsync(workspace, "admin");
        var (_, _, viewerId) = await platform.Host.NewMemberAsync(workspace, "viewer");

        (await admin.PutAsJsonAsync($"/api/members/{viewerId}/role", new { role = "editor" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await admin.PutAsJsonAsync($"/api/members/{viewerId}/role", new { role = "owner" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.PostAsJsonAsync("/api/invitations", new { email = "c@tests.example", role = "owner" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await admin.PostAsJsonAsync("/api/invitations", new { email = "c@tests.example", role = "admin" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await owner.PutAsJsonAsync($"/api/members/{viewerId}/role", new { role = "owner" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var members = await (await admin.GetAsync("/api/members", Cancel)).ReadJsonAsync();
        members.EnumerateArray().Single(m => m.GetProperty("userId").GetGuid() == viewerId).GetProperty("role").GetString().ShouldBe("owner");
        await (await admin.DeleteAsync($"/api/members/{viewerId}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_workspace_keeps_at_least_one_owner()
    {
        var (owner, _) = await WorkspaceAsync();
        var me = await (await owner.GetAsync("/api/me", Cancel)).ReadJsonAsync();
        var ownerId = me.GetProperty("id").GetGuid();

        await (await owner.PutAsJsonAsync($"/api/members/{ownerId}/role", new { role = "admin" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await owner.DeleteAsync($"/api/members/{ownerId}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Two_owners_demoting_each_other_at_once_leave_one_owner()
    {
        var (owner, workspace) = await WorkspaceAsync();
        var ownerId = (await (await owner.GetAsync("/api/me", Cancel)).ReadJsonAsync()).GetProperty("id").GetGuid();
        var (second, _, secondId) = await platform.Host.NewMemberAsync(workspace, "admin");
        (await owner.PutAsJsonAsync($"/api/members/{secondId}/role", new { role = "owner" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var answers = await Task.WhenAll(
            owner.PutAsJsonAsync($"/api/members/{secondId}/role", new { role = "editor" }, Cancel),
            second.PutAsJsonAsync($"/api/members/{ownerId}/role", new { role = "editor" }, Cancel));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        answers.Count(a => a.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden).ShouldBe(1);
        var members = await (await owner.GetAsync("/api/members", Cancel)).ReadJsonAsync();
        members.EnumerateArray().Count(m => m.GetProperty("role").GetString() == "owner").ShouldBe(1);
    }

    [Fact]
    public async Task A_workspace_the_caller_does_not_belong_to_is_404_for_every_kind_of_id()
    {
        var (other, _) = await WorkspaceAsync();
        var runs = new RunsClient(other);
        var actionId = await runs.ActiveActionAsync("log('theirs');");
        var runId = await runs.RunToEndAsync("log('theirs');");
        var agentId = (await (await other.PostAsJsonAsync("/api/agents", new { name = "Theirs" }, Cancel)).ReadJsonAsync()).GetProperty("id").GetGuid();
        var otherWorkspace = other.DefaultRequestHeaders.GetValues("X-Workspace").Single();
        var (_, mine) = await WorkspaceAsync();
        var (stranger, _, _) = await platform.Host.NewMemberAsync(mine, "owner");

        // Named by header: the workspace itself is not found.
        using var named = new HttpRequestMessage(HttpMethod.Get, "/api/actions");
        named.Headers.Add("X-Workspace", otherWorkspace);
        stranger.DefaultRequestHeaders.Remove("X-Workspace");
        await (await stranger.SendAsync(named, Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        // Their ids, asked in the stranger's own workspace: not found either.
        stranger.DefaultRequestHeaders.Add("X-Workspace", mine);
        foreach (var path in new[] { $"/api/actions/{actionId}", $"/api/runs/{runId}", $"/api/agents/{agentId}", $"/api/actions/{actionId}/webhook", $"/api/actions/{actionId}/schedule", $"/api/runs/{runId}/events" })
            await (await stranger.GetAsync(path, Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
