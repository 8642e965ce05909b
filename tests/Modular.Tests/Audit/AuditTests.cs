using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Modular.Testing;
using Modular.Tests.Runs;

namespace Modular.Tests.Audit;

public sealed class AuditTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Audit entries are written by a handler after the change commits: wait until <paramref name="count"/> match.</summary>
    private static async Task<JsonElement> WaitForAsync(HttpClient admin, string query, Func<JsonElement, bool> match, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var page = await (await admin.GetAsync("/api/audit" + query, Cancel)).ReadJsonAsync();
            if (page.GetProperty("items").EnumerateArray().Count(match) >= count) return page;
            if (DateTime.UtcNow > deadline) throw new ShouldAssertException($"No such audit entry in {page}");
            await Task.Delay(50, Cancel);
        }
    }

    [Fact]
    public async Task Who_did_what_is_audited_without_a_secret()
    {
        var owner = await platform.NewWorkspaceClientAsync();
        var workspace = owner.DefaultRequestHeaders.GetValues("X-Workspace").Single();
        var agent = await (await owner.PostAsJsonAsync("/api/agents", new { name = "Audited agent" }, Cancel)).ReadJsonAsync();
        var agentId = agent.GetProperty("id").GetGuid();
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/agents/{agentId}"))
        {
            delete.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            (await owner.SendAsync(delete, Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
        var key = await (await owner.PostAsJsonAsync("/api/api-keys", new { name = "ci", role = "viewer" }, Cancel)).ReadJsonAsync();
        (await owner.DeleteAsync($"/api/api-keys/{key.GetProperty("apiKey").GetProperty("id").GetGuid()}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var (member, email, memberId) = await platform.Host.NewMemberAsync(workspace, "viewer");
        (await owner.PutAsJsonAsync($"/api/members/{memberId}/role", new { role = "editor" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (await TestIdentity.SignInAsync(platform.Host.Address, email, "member password 123")) { }
        var runs = new RunsClient(member);
        var runId = await runs.StartRunAsync(await runs.ActiveActionAsync("while (true) {}"));
        await runs.WaitForStatusAsync(runId, "running");
        (await member.PostAsync($"/api/runs/{runId}/stop", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var page = await WaitForAsync(owner, "?pageSize=100", e => e.GetProperty("what").GetString() == "run stopped");
        var entries = page.GetProperty("items").EnumerateArray().Select(e => (Who: e.GetProperty("actor").GetString(), What: e.GetProperty("what").GetString())).ToList();
        entries.ShouldContain(("owner@tests.example", "workspace created"));
        entries.ShouldContain(("owner@tests.example", "agent created"));
        entries.ShouldContain(("owner@tests.example", "agent deleted"));
        entries.ShouldContain(("owner@tests.example", "api key created"));
        entries.ShouldContain(("owner@tests.example", "api key revoked"));
        entries.ShouldContain(("owner@tests.example", "member invited"));
        entries.ShouldContain((email, "member joined"));
        entries.ShouldContain(("owner@tests.example", "member role changed"));
        entries.ShouldContain((email, "signed in"));
        entries.ShouldContain((email, "action created"));
        entries.ShouldContain((email, "run stopped"));
        page.GetRawText().ShouldNotContain(key.GetProperty("key").GetString()!);
        page.GetRawText().ShouldNotContain("member password 123");
    }

    [Fact]
    public async Task The_audit_filters_by_who_what_and_time_and_pages()
    {
        var owner = await platform.NewWorkspaceClientAsync();
        var workspace = owner.DefaultRequestHeaders.GetValues("X-Workspace").Single();
        var started = DateTimeOffset.UtcNow;
        var (_, email, _) = await platform.Host.NewMemberAsync(workspace, "viewer");
        for (var i = 0; i < 3; i++) (await owner.PostAsJsonAsync("/api/agents", new { name = $"Agent {i}" }, Cancel)).EnsureSuccessStatusCode();

        await WaitForAsync(owner, "?what=agent%20created", _ => true, 3);
        var byMember = await (await owner.GetAsync($"/api/audit?who={Uri.EscapeDataString(email)}", Cancel)).ReadJsonAsync();
        byMember.GetProperty("items").EnumerateArray().ShouldAllBe(e => e.GetProperty("actor").GetString() == email);
        byMember.GetProperty("items").EnumerateArray().ShouldContain(e => e.GetProperty("what").GetString() == "member joined");

        var paged = await (await owner.GetAsync("/api/audit?what=agent&pageSize=2&page=2", Cancel)).ReadJsonAsync();
        paged.GetProperty("total").GetInt64().ShouldBe(3);
        paged.GetProperty("items").GetArrayLength().ShouldBe(1);

        var before = await (await owner.GetAsync($"/api/audit?to={Uri.EscapeDataString(started.AddMinutes(-10).ToString("O"))}", Cancel)).ReadJsonAsync();
        before.GetProperty("total").GetInt64().ShouldBe(0);
        await (await owner.GetAsync("/api/audit?pageSize=1000", Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await owner.GetAsync($"/api/audit?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}&to={Uri.EscapeDataString(started.AddDays(-1).ToString("O"))}", Cancel))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Only_admins_read_the_audit_and_only_their_workspace()
    {
        var owner = await platform.NewWorkspaceClientAsync();
        var workspace = owner.DefaultRequestHeaders.GetValues("X-Workspace").Single();
        var (editor, _, _) = await platform.Host.NewMemberAsync(workspace, "editor");
        await (await editor.GetAsync("/api/audit", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var other = await platform.NewWorkspaceClientAsync();
        (await other.PostAsJsonAsync("/api/agents", new { name = "Elsewhere" }, Cancel)).EnsureSuccessStatusCode();
        await WaitForAsync(other, "?what=agent", _ => true);

        var mine = await WaitForAsync(owner, "", e => e.GetProperty("what").GetString() == "workspace created");
        mine.GetProperty("items").EnumerateArray().ShouldNotContain(e => e.GetProperty("what").GetString() == "agent created");
    }
}
