using System.Net;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Modular.Identity.Invitations;
using Modular.Testing;

namespace Modular.Tests.Identity;

public sealed class InvitationTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string TokenOf(string link) => link[(link.LastIndexOf('/') + 1)..];

    private async Task<(HttpClient Owner, string Token, Guid Id, string Email)> InviteAsync(string role = "viewer")
    {
        var owner = await platform.NewWorkspaceClientAsync();
        var email = $"invited-{Guid.NewGuid():N}@tests.example";
        var invitation = await (await owner.PostAsJsonAsync("/api/invitations", new { email, role }, Cancel)).ReadJsonAsync();
        return (owner, TokenOf(invitation.GetProperty("link").GetString()!), invitation.GetProperty("id").GetGuid(), email);
    }

    [Fact]
    public async Task An_invitation_works_once()
    {
        var (owner, token, _, email) = await InviteAsync("editor");
        using var stranger = new HttpClient { BaseAddress = platform.Host.Address };
        var shown = await (await stranger.GetAsync($"/api/invitation-links/{token}", Cancel)).ReadJsonAsync();
        shown.GetProperty("email").GetString().ShouldBe(email);
        shown.GetProperty("accountExists").GetBoolean().ShouldBeFalse();

        using var joining = TestIdentity.Session(platform.Host.Address, new CookieContainer());
        var joined = await (await joining.PostAsJsonAsync($"/api/invitation-links/{token}/accept", new { password = "invited password 1" }, Cancel)).ReadJsonAsync();
        joined.GetProperty("workspaces")[0].GetProperty("role").GetString().ShouldBe("editor");

        await (await stranger.GetAsync($"/api/invitation-links/{token}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsJsonAsync($"/api/invitation-links/{token}/accept", new { password = "another password 1" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var members = await (await owner.GetAsync("/api/members", Cancel)).ReadJsonAsync();
        members.EnumerateArray().Count(m => m.GetProperty("email").GetString() == email).ShouldBe(1);
    }

    [Fact]
    public async Task An_invitation_accepted_twice_at_once_joins_once()
    {
        var (owner, token, _, email) = await InviteAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            TestIdentity.Session(platform.Host.Address, new CookieContainer()).PostAsJsonAsync($"/api/invitation-links/{token}/accept", new { password = "invited password 1" }, Cancel)));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        answers.Where(a => a.StatusCode != HttpStatusCode.OK).ShouldAllBe(a => (int)a.StatusCode < 500);
        var members = await (await owner.GetAsync("/api/members", Cancel)).ReadJsonAsync();
        members.EnumerateArray().Count(m => m.GetProperty("email").GetString() == email).ShouldBe(1);
    }

    [Fact]
    public async Task An_expired_or_cancelled_invitation_does_not_work()
    {
        var (_, token, id, _) = await InviteAsync();
        var store = platform.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            var invitation = await session.LoadAsync<Invitation>(id, Cancel);
            session.Store(invitation! with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });
            await session.SaveChangesAsync(Cancel);
        }
        using var stranger = new HttpClient { BaseAddress = platform.Host.Address };
        await (await stranger.PostAsJsonAsync($"/api/invitation-links/{token}/accept", new { password = "invited password 1" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var (owner2, token2, id2, _) = await InviteAsync();
        (await owner2.DeleteAsync($"/api/invitations/{id2}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await stranger.GetAsync($"/api/invitation-links/{token2}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await owner2.GetAsync("/api/invitations", Cancel)).ReadJsonAsync()).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Someone_with_an_account_signs_in_first_then_joins()
    {
        var owner = await platform.NewWorkspaceClientAsync();
        // The owner is invited into another workspace: their account exists.
        var invitation = await (await owner.PostAsJsonAsync("/api/invitations", new { email = TestIdentity.OwnerEmail, role = "admin" }, Cancel)).ReadJsonAsync();
        var ownerToken = TokenOf(invitation.GetProperty("link").GetString()!);

        using var stranger = new HttpClient { BaseAddress = platform.Host.Address };
        (await (await stranger.GetAsync($"/api/invitation-links/{ownerToken}", Cancel)).ReadJsonAsync()).GetProperty("accountExists").GetBoolean().ShouldBeTrue();
        await (await stranger.PostAsJsonAsync($"/api/invitation-links/{ownerToken}/accept", new { password = "taking over the account" }, Cancel))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        // Signed in as that account, joining keeps the higher role the owner has.
        (await owner.PostAsJsonAsync($"/api/invitation-links/{ownerToken}/accept", new { }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var members = await (await owner.GetAsync("/api/members", Cancel)).ReadJsonAsync();
        members.EnumerateArray().Single(m => m.GetProperty("email").GetString() == TestIdentity.OwnerEmail).GetProperty("role").GetString().ShouldBe("owner");
    }

    [Fact]
    public async Task Bad_invitation_input_is_422_and_foreign_links_404()
    {
        var owner = await platform.NewWorkspaceClientAsync();
        var problem = await (await owner.PostAsJsonAsync("/api/invitations", new { email = "not an email", role = "boss" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").TryGetProperty("email", out _).ShouldBeTrue();
        problem.GetProperty("errors").TryGetProperty("role", out _).ShouldBeTrue();

        using var stranger = new HttpClient { BaseAddress = platform.Host.Address };
        await (await stranger.GetAsync($"/api/invitation-links/{new string('f', 64)}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/invitation-links/{new string('f', 500)}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_invitation_is_emailed_with_its_link_through_the_configured_SMTP_server()
    {
        var owner = await platform.Host.NewWorkspaceClientAsync("Emailed");
        var email = $"emailed-{Guid.NewGuid():N}@tests.example";
        var invitation = await (await owner.PostAsJsonAsync("/api/invitations", new { email, role = "editor" }, Cancel)).ReadJsonAsync();
        invitation.GetProperty("emailed").GetBoolean().ShouldBeTrue();
        var link = invitation.GetProperty("link").GetString()!;

        var mail = await platform.Host.Mail.WaitForMailToAsync(email, Cancel);
        mail.From.Mailboxes.Single().Address.ShouldBe("modular@tests.example");
        (mail.Subject ?? "").ShouldContain("Emailed");
        (mail.TextBody ?? "").ShouldContain(link);
        (mail.TextBody ?? "").ShouldContain("editor");
        using var stranger = new HttpClient { BaseAddress = platform.Host.Address };
        (await stranger.GetAsync($"/api/invitation-links/{TokenOf(link)}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
