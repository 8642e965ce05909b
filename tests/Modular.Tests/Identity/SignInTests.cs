using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modular.Testing;

namespace Modular.Tests.Identity;

public sealed class SignInTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Signing_in_sets_an_http_only_strict_session_cookie_and_signing_out_ends_it()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = platform.Host.Address };
        var response = await client.PostAsJsonAsync("/api/session", new { email = TestIdentity.OwnerEmail, password = TestIdentity.OwnerPassword }, Cancel);

        var me = await response.ReadJsonAsync();
        me.GetProperty("email").GetString().ShouldBe(TestIdentity.OwnerEmail);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("modular.session=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        withCookie.Headers.Add("Cookie", cookie.Split(';')[0]);
        (await client.SendAsync(withCookie, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/api/session");
        signOut.Headers.Add("Cookie", cookie.Split(';')[0]);
        var ended = await client.SendAsync(signOut, Cancel);
        ended.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        ended.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("modular.session=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        using var client = new HttpClient { BaseAddress = platform.Host.Address };

        var wrong = await (await client.PostAsJsonAsync("/api/session", new { email = TestIdentity.OwnerEmail, password = "not the password" }, Cancel))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await client.PostAsJsonAsync("/api/session", new { email = "nobody@tests.example", password = "not the password" }, Cancel))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        wrong.GetProperty("detail").GetString().ShouldBe("The email or password is wrong.");
        unknown.GetProperty("detail").GetString().ShouldBe(wrong.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var (_, email, _) = await platform.Host.NewMemberAsync((await platform.NewWorkspaceClientAsync()).DefaultRequestHeaders.GetValues("X-Workspace").Single(), "viewer", "the right password");
        using var client = new HttpClient { BaseAddress = platform.Host.Address };

        for (var i = 0; i < 4; i++)
            await (await client.PostAsJsonAsync("/api/session", new { email, password = "wrong password" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var locked = await client.PostAsJsonAsync("/api/session", new { email, password = "wrong password" }, Cancel);
        await locked.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        locked.Headers.RetryAfter.ShouldNotBeNull();

        var evenRight = await client.PostAsJsonAsync("/api/session", new { email, password = "the right password" }, Cancel);
        (await evenRight.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("detail").GetString()!.ShouldContain("locked");
    }

    [Fact]
    public async Task The_right_password_signs_in_even_when_many_sign_ins_of_one_account_race_after_a_failure()
    {
        var (_, email, _) = await platform.Host.NewMemberAsync((await platform.NewWorkspaceClientAsync()).DefaultRequestHeaders.GetValues("X-Workspace").Single(), "viewer", "the right password");
        using var client = new HttpClient { BaseAddress = platform.Host.Address };
        // A failure makes the next successes reset the failure count: they all write the same user row at once.
        await (await client.PostAsJsonAsync("/api/session", new { email, password = "wrong password" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PostAsJsonAsync("/api/session", new { email, password = "the right password" }, Cancel)));

        answers.Select(a => a.StatusCode).ShouldAllBe(status => status == HttpStatusCode.OK);
    }

    [Fact]
    public async Task Missing_or_malformed_sign_in_input_is_a_problem_not_a_500()
    {
        using var client = new HttpClient { BaseAddress = platform.Host.Address };

        await (await client.PostAsJsonAsync("/api/session", new { email = "" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostAsync("/api/session", new StringContent("{\"email\": ", Encoding.UTF8, "application/json"), Cancel)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync("/api/session", new { email = new string('a', 300), password = "x" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_cross_site_form_post_carrying_the_session_cookie_is_refused()
    {
        var owner = await platform.NewWorkspaceClientAsync();
        var before = await (await owner.GetAsync("/api/agents", Cancel)).ReadJsonAsync();

        // What another site's <form method=post> makes a browser send: a form body, Sec-Fetch-Site: cross-site, the cookie.
        using var form = new HttpRequestMessage(HttpMethod.Post, "/api/agents") { Content = new FormUrlEncodedContent([new("name", "Forged")]) };
        form.Headers.Add("Sec-Fetch-Site", "cross-site");
        form.Headers.Add("Origin", "https://evil.example");
        await (await owner.SendAsync(form, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        // Even without Sec-Fetch-Site (an old browser), a form body is not JSON.
        using var plain = new HttpRequestMessage(HttpMethod.Post, "/api/agents") { Content = new FormUrlEncodedContent([new("name", "Forged")]) };
        await (await owner.SendAsync(plain, Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);

        (await (await owner.GetAsync("/api/agents", Cancel)).ReadJsonAsync()).GetProperty("total").GetInt32().ShouldBe(before.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_live_run_log_works_with_the_session_cookie_and_the_workspace_in_the_query()
    {
        var owner = await platform.NewWorkspaceClientAsync();
        var workspace = owner.DefaultRequestHeaders.GetValues("X-Workspace").Single();
        var runs = new Runs.RunsClient(owner);
        var runId = await runs.RunToEndAsync("log('streamed');");
        owner.DefaultRequestHeaders.Remove("X-Workspace");

        // As a browser's EventSource asks: the cookie, no custom header.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{runId}/events?workspace={workspace}");
        request.Headers.Add("Accept", "text/event-stream");
        using var response = await owner.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("streamed");
    }
}
