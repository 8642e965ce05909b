using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Modular.Host.Platform;

namespace Modular.Tests.Platform;

public sealed partial class SecurityHeadersTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/actions/some-deep-link")]
    [InlineData("/api/library/types")]
    [InlineData("/api/no-such-thing")]
    [InlineData("/api-reference/")]
    [InlineData("/health")]
    public async Task Every_answer_forbids_sniffing_framing_and_referrers(string path)
    {
        var response = await platform.Client.GetAsync(path, Cancel);

        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
        Policy(response).ShouldContain("frame-ancestors 'none'");
        // Plain HTTP: Strict-Transport-Security means something only on HTTPS answers.
        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    [Fact]
    public async Task The_console_loads_only_its_own_scripts_styles_fonts_and_images()
    {
        var response = await platform.Client.GetAsync("/", Cancel);

        var policy = Directives(Policy(response));
        policy["default-src"].ShouldBe("'self'");
        policy["script-src"].ShouldBe("'self'");
        policy["style-src"].ShouldBe("'self'");
        // Only style attributes (the code editor places its tooltips with them), never style elements from elsewhere.
        policy["style-src-attr"].ShouldBe("'unsafe-inline'");
        policy["font-src"].ShouldBe("'self'");
        policy["img-src"].ShouldBe("'self' data:");
        policy["connect-src"].ShouldBe("'self'");
        policy["object-src"].ShouldBe("'none'");
        // The built console has no inline script or style the policy would block.
        var html = await response.Content.ReadAsStringAsync(Cancel);
        InlineScript().IsMatch(html).ShouldBeFalse(html);
        html.ShouldNotContain("<style", Case.Insensitive);
    }

    [Fact]
    public async Task Api_answers_load_nothing()
    {
        var response = await platform.Client.GetAsync("/api/library/types", Cancel);

        Directives(Policy(response))["default-src"].ShouldBe("'none'");
    }

    [Fact]
    public async Task The_api_reference_runs_only_its_own_scripts_and_its_nonced_start_up_script()
    {
        var response = await platform.Client.GetAsync("/api-reference/", Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        var scriptSources = Directives(Policy(response))["script-src"];
        var nonce = NonceSource().Match(scriptSources).Groups["nonce"].Value;
        nonce.ShouldNotBeEmpty(scriptSources);
        scriptSources.ShouldNotContain("unsafe-inline");
        foreach (Match script in ScriptTag().Matches(html)) script.Value.ShouldContain($"nonce=\"{nonce}\"");
        // A second answer draws another nonce.
        var again = Directives(Policy(await platform.Client.GetAsync("/api-reference/", Cancel)))["script-src"];
        again.ShouldNotBe(scriptSources);
    }

    [Fact]
    public async Task The_api_reference_uses_no_third_party_origin()
    {
        var response = await platform.Client.GetAsync("/api-reference/", Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Its scripts come from this host, by relative URLs; the page names no other origin.
        ScriptSource().Matches(html).Select(m => m.Groups["src"].Value).ShouldAllBe(src => !src.Contains("//") && !src.StartsWith('/'));
        AnyOrigin().Matches(html).Select(m => m.Value).ShouldBeEmpty();
        // Scalar's defaults would send "try it" requests through proxy.scalar.com and load fonts from fonts.scalar.com.
        html.ShouldContain("\"proxyUrl\":\"\"");
        html.ShouldContain("\"withDefaultFonts\":false");
        (await platform.Client.GetAsync("/api-reference/scalar.js", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // And were something to try, the browser would refuse it.
        var policy = Directives(Policy(response));
        policy["connect-src"].ShouldBe("'self'");
        policy["font-src"].ShouldNotContain("http");
        policy["style-src"].ShouldNotContain("http");
    }

    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    public async Task Strict_transport_security_is_sent_only_on_https(string scheme, bool sent)
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = scheme;
        http.Request.Path = "/api/library/types";
        var response = new StartableResponse();
        http.Features.Set<IHttpResponseFeature>(response);

        await new SecurityHeaders(_ => Task.CompletedTask).InvokeAsync(http);
        await response.StartAsync();

        http.Response.Headers.StrictTransportSecurity.ToString().ShouldBe(sent ? "max-age=31536000" : "");
        http.Response.Headers.XContentTypeOptions.ToString().ShouldBe("nosniff");
    }

    /// <summary>A response that runs its OnStarting callbacks when told to, as a server does before the first byte.</summary>
    private sealed class StartableResponse : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public async Task StartAsync()
        {
            foreach (var (callback, state) in _starting) await callback(state);
        }
    }

    private static string Policy(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Content-Security-Policy", out var values) ? values.Single() : "";

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("<script[^>]*\\bsrc=\"(?<src>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSource();

    [GeneratedRegex("'nonce-(?<nonce>[^']+)'")]
    private static partial Regex NonceSource();

    [GeneratedRegex("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex AnyOrigin();
}
