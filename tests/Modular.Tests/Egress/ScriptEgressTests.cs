namespace Modular.Tests.Egress;

/// <summary>
/// Scripts reach only what the egress policy allows: the test host allows its partner server's
/// address and port, and nothing else on loopback (not the platform's own API, not PostgreSQL).
/// </summary>
public sealed class ScriptEgressTests(PlatformFixture platform)
{
    private async Task<Runs.RunsClient> Workspace() => new(await platform.NewWorkspaceClientAsync());

    public static TheoryData<string> InwardUrls => new()
    {
        "http://127.0.0.1:{port}/api/actions",
        "http://localhost:{port}/api/actions",
        "http://0x7f.0.0.1:{port}/api/actions",
        "http://2130706433:{port}/api/actions",
        "http://127.1:{port}/api/actions",
        "http://[::1]:{port}/api/actions",
    };

    [Theory]
    [MemberData(nameof(InwardUrls))]
    public async Task A_script_cannot_call_the_platforms_own_api_however_the_address_is_written(string url)
    {
        var runs = await Workspace();
        url = url.Replace("{port}", platform.Host.Address.Port.ToString());

        var runId = await runs.RunToEndAsync($$"""await rest.request({ url: "{{url}}", headers: { "X-Workspace": "dev" } });""");

        var run = await runs.GetAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("Blocked by the egress policy: ");
        run.GetProperty("error").GetString()!.ShouldContain("is a loopback address");
    }

    [Fact]
    public async Task A_refused_call_names_the_address_and_its_range()
    {
        var runs = await Workspace();

        var run = await runs.GetAsync(await runs.RunToEndAsync($$"""await rest.request({ url: "http://127.0.0.1:{{platform.Host.Address.Port}}/health" });"""));

        run.GetProperty("error").GetString().ShouldBe("rest.request failed: Blocked by the egress policy: 127.0.0.1 is a loopback address");
    }

    [Fact]
    public async Task A_redirect_to_an_inward_address_is_refused_at_that_hop()
    {
        var runs = await Workspace();
        var inward = Uri.EscapeDataString($"http://127.0.0.1:{platform.Host.Address.Port}/api/actions");

        var run = await runs.GetAsync(await runs.RunToEndAsync($$"""await rest.request({ url: "{{platform.Host.Partner.Address}}redirect?to={{inward}}" });"""));

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("127.0.0.1 is a loopback address");
        platform.Host.Partner.Requests.ShouldContain(r => r.StartsWith("GET /redirect", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_allowed_partner_answers_and_the_Host_header_cannot_be_forged()
    {
        var runs = await Workspace();

        var allowed = await runs.GetAsync(await runs.RunToEndAsync($$"""const r = await rest.request({ url: "{{platform.Host.Partner.Address}}health" }); if (r.status !== 200) throw new Error("status " + r.status);"""));
        var forged = await runs.GetAsync(await runs.RunToEndAsync($$"""await rest.request({ url: "{{platform.Host.Partner.Address}}health", headers: { Host: "127.0.0.1:5432" } });"""));

        allowed.GetProperty("status").GetString().ShouldBe("succeeded", allowed.ToString());
        forged.GetProperty("status").GetString().ShouldBe("failed");
        forged.GetProperty("error").GetString()!.ShouldContain("The Host header cannot be set");
    }

    [Fact]
    public async Task A_response_over_the_size_limit_fails_the_call_with_a_clear_error()
    {
        var runs = await Workspace();

        var run = await runs.GetAsync(await runs.RunToEndAsync($$"""await rest.request({ url: "{{platform.Host.Partner.Address}}large?bytes=11000000" });"""));

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("larger than the 10 MB a connector may read");
    }
}
