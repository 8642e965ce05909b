using System.Net;
using System.Text.RegularExpressions;

namespace Modular.Tests.Platform;

public sealed class HostTests(PlatformFixture platform)
{
    [Fact]
    public async Task Health_reports_the_database_healthy()
    {
        var health = await (await platform.Client.GetAsync("/health", TestContext.Current.CancellationToken)).ReadJsonAsync();

        health.GetProperty("status").GetString().ShouldBe("Healthy");
        health.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task Oversize_headers_are_refused_before_anything_reads_them()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/some-token") { Content = new StringContent("{}") };
        request.Headers.Add("X-Padding", new string('x', 20 * 1024));

        var response = await platform.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        var document = await (await platform.Client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).ReadJsonAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/library/templates");
        paths.ShouldContain("/api/library/templates/{templateId}");
        paths.ShouldContain("/api/library/types");
        paths.ShouldContain("/api/plugins");
        paths.ShouldContain("/api/workspaces");
    }

    [Fact]
    public async Task Api_reference_page_is_served()
    {
        var response = await platform.Client.GetAsync("/api-reference/", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("Scalar API Reference");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/library")]
    [InlineData("/actions/some-deep-link")]
    [InlineData("/actions/new/rest.call-api")]
    [InlineData("/actions/new/rest.call-api?agent=0b7e2f2a-3c1d-4d1e-9a55-0e4f1c2b3a4d")]
    public async Task Console_is_served_for_its_routes(string path)
    {
        var response = await platform.Client.GetAsync(path, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        // The page names the current build's assets, so it is never kept.
        response.Headers.CacheControl?.NoCache.ShouldBeTrue();
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("<div id=\"root\">");
    }

    [Fact]
    public async Task Unknown_api_path_is_a_404_problem_not_the_console()
    {
        var response = await platform.Client.GetAsync("/api/no-such-thing", TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Console_assets_are_cached_for_good_and_a_missing_one_is_not_the_index_page()
    {
        var page = await platform.Client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var script = Regex.Match(page, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        script.ShouldNotBeEmpty();

        var asset = await platform.Client.GetAsync(script, TestContext.Current.CancellationToken);
        using var brotli = new HttpRequestMessage(HttpMethod.Get, script) { Headers = { { "Accept-Encoding", "gzip, br" } } };
        var compressed = await platform.Client.SendAsync(brotli, TestContext.Current.CancellationToken);
        using var gzip = new HttpRequestMessage(HttpMethod.Get, script) { Headers = { { "Accept-Encoding", "gzip, br;q=0" } } };
        var gzipped = await platform.Client.SendAsync(gzip, TestContext.Current.CancellationToken);
        var missing = await platform.Client.GetAsync("/assets/index-0000000.js", TestContext.Current.CancellationToken);
        var apiWithDot = await platform.Client.GetAsync("/api/actions/report.json", TestContext.Current.CancellationToken);

        asset.StatusCode.ShouldBe(HttpStatusCode.OK);
        asset.Headers.CacheControl?.ToString().ShouldBe("public, max-age=31536000, immutable");
        var plain = await asset.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        asset.Content.Headers.ContentEncoding.ShouldBeEmpty();
        compressed.Content.Headers.ContentEncoding.ShouldBe(["br"]);
        compressed.Content.Headers.ContentType?.MediaType.ShouldBe("text/javascript");
        compressed.Headers.Vary.ShouldContain("Accept-Encoding");
        var sent = await compressed.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        sent.Length.ShouldBeLessThan(plain.Length / 2);
        using (var decoded = new System.IO.Compression.BrotliStream(new MemoryStream(sent), System.IO.Compression.CompressionMode.Decompress))
        {
            var copy = new MemoryStream();
            await decoded.CopyToAsync(copy, TestContext.Current.CancellationToken);
            copy.ToArray().ShouldBe(plain);
        }
        gzipped.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await apiWithDot.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
