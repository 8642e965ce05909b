using System.Net;
using Modular.Runs.Domain;

namespace Modular.Tests.Runs;

/// <summary>A run's documents are written by scripts: downloads must not become pages of this origin.</summary>
public sealed class RunDocumentTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> DownloadAsync(string name, string content, string mediaType)
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var runId = await runs.RunToEndAsync($"documents.create({name}, {content}, {mediaType});");
        var run = await runs.GetAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var documentId = run.GetProperty("documents")[0].GetProperty("id").GetGuid();
        return await runs.Http.GetAsync($"/api/runs/{runId}/documents/{documentId}", Cancel);
    }

    [Theory]
    [InlineData("'text/plain'", "text/plain")]
    [InlineData("'TEXT/CSV; charset=latin1'", "text/csv")]
    [InlineData("'application/json'", "application/json")]
    [InlineData("'text/markdown'", "text/markdown")]
    public async Task An_allowed_media_type_is_served_as_itself_in_utf8_sandboxed(string mediaType, string served)
    {
        var response = await DownloadAsync("'report.txt'", "'Total: 6 €'", mediaType);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(served);
        response.Content.Headers.ContentType.CharSet.ShouldBe("utf-8");
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldBe("Total: 6 €");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe("sandbox");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
    }

    [Theory]
    [InlineData("'text/html'")]
    [InlineData("'image/svg+xml'")]
    [InlineData("'application/xhtml+xml'")]
    [InlineData("'text/javascript'")]
    [InlineData("'text/plain\\r\\nX-Injected: yes'")]
    [InlineData("'text/plain\\nSet-Cookie: a=b'")]
    [InlineData("'not a media type'")]
    [InlineData("''")]
    public async Task Any_other_or_malformed_media_type_is_an_octet_stream_attachment(string mediaType)
    {
        var response = await DownloadAsync("'page.html'", "'<script>alert(document.cookie)</script>'", mediaType);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/octet-stream");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe("sandbox");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.Contains("X-Injected").ShouldBeFalse();
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldBe("<script>alert(document.cookie)</script>");
    }

    [Fact]
    public async Task A_name_with_control_characters_still_downloads()
    {
        var response = await DownloadAsync("'re\\r\\nport.txt'", "'x'", "'text/plain'");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("re__port.txt");
    }

    [Theory]
    [InlineData("text/plain", true, "text/plain; charset=utf-8")]
    [InlineData(" Application/JSON ; charset=utf-16", true, "application/json; charset=utf-8")]
    [InlineData("text/html", false, DocumentMediaTypes.Fallback)]
    [InlineData("text/plain\r\n", false, DocumentMediaTypes.Fallback)]
    [InlineData("text/", false, DocumentMediaTypes.Fallback)]
    [InlineData("text/plain/x", false, DocumentMediaTypes.Fallback)]
    [InlineData(null, false, DocumentMediaTypes.Fallback)]
    public void The_allow_list_reads_the_type_and_ignores_its_parameters(string? mediaType, bool allowed, string served)
    {
        DocumentMediaTypes.IsAllowed(mediaType).ShouldBe(allowed);
        DocumentMediaTypes.Normalize(mediaType).ShouldBe(served);
    }
}
