using System.Net;
using System.Text.Json;
using Modular.Runs.Domain;
using Modular.Testing;

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

    private async Task<(JsonElement Document, HttpResponseMessage Download)> BinaryAsync(RunsClient runs, string script)
    {
        var runId = await runs.RunToEndAsync(script);
        var run = await runs.GetAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var document = run.GetProperty("documents")[0];
        return (document, await runs.Http.GetAsync($"/api/runs/{runId}/documents/{document.GetProperty("id").GetGuid()}", Cancel));
    }

    [Fact]
    public async Task A_binary_answer_of_a_request_becomes_an_image_document_served_as_itself_sandboxed()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());

        var (document, download) = await BinaryAsync(runs, $$"""
            const res = await rest.request({ url: "{{platform.Host.Partner.Address}}chart.png" });
            log(res.body.mediaType);
            documents.create("chart.png", res.body);
            """);

        document.GetProperty("mediaType").GetString().ShouldBe("image/png");
        document.GetProperty("size").GetInt32().ShouldBe(PartnerServer.Png.Length);
        download.Content.Headers.ContentType!.ToString().ShouldBe("image/png");
        (await download.Content.ReadAsByteArrayAsync(Cancel)).ShouldBe(PartnerServer.Png);
        download.Headers.GetValues("Content-Security-Policy").Single().ShouldBe("sandbox");
        download.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
    }

    [Theory]
    [InlineData("new Uint8Array([37, 80, 68, 70, 45])", "'application/pdf'", "application/pdf")]
    [InlineData("new Uint8Array([37, 80, 68, 70, 45]).buffer", "'application/pdf'", "application/pdf")]
    [InlineData("{ base64: 'JVBERi0=' }", "'application/pdf'", "application/pdf")]
    [InlineData("new Uint8Array([37, 80, 68, 70, 45])", "'image/svg+xml'", "application/octet-stream")]
    [InlineData("new Uint8Array([37, 80, 68, 70, 45])", "'text/html'", "application/octet-stream")]
    public async Task Bytes_from_a_script_become_a_binary_document_served_only_as_an_allowed_type(string content, string mediaType, string served)
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());

        var (document, download) = await BinaryAsync(runs, $"documents.create('file', {content}, {mediaType});");

        document.GetProperty("size").GetInt32().ShouldBe(5);
        download.Content.Headers.ContentType!.ToString().ShouldBe(served);
        (await download.Content.ReadAsByteArrayAsync(Cancel)).ShouldBe("%PDF-"u8.ToArray());
        download.Headers.GetValues("Content-Security-Policy").Single().ShouldBe("sandbox");
    }

    [Theory]
    [InlineData("{ base64: 'not base64!' }", "not valid base64")]
    [InlineData("{ base64: 'A'.repeat(8 * 1024 * 1024) }", "A document is limited to")]
    [InlineData("new Uint8Array(6 * 1024 * 1024)", "A document is limited to")]
    public async Task Bytes_that_are_not_base64_or_over_the_limit_fail_the_run_with_the_reason(string content, string reason)
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());

        var runId = await runs.RunToEndAsync($"documents.create('file', {content}, 'image/png');");

        var run = await runs.GetAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain(reason);
        run.GetProperty("documents").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("text/plain", true, "text/plain; charset=utf-8")]
    [InlineData(" Application/JSON ; charset=utf-16", true, "application/json; charset=utf-8")]
    [InlineData("text/html", false, DocumentMediaTypes.Fallback)]
    [InlineData("text/plain\r\n", false, DocumentMediaTypes.Fallback)]
    [InlineData("text/", false, DocumentMediaTypes.Fallback)]
    [InlineData("text/plain/x", false, DocumentMediaTypes.Fallback)]
    [InlineData(null, false, DocumentMediaTypes.Fallback)]
    [InlineData("image/png", false, DocumentMediaTypes.Fallback)]
    public void The_allow_list_reads_the_type_and_ignores_its_parameters(string? mediaType, bool allowed, string served)
    {
        DocumentMediaTypes.IsAllowed(mediaType).ShouldBe(allowed);
        DocumentMediaTypes.Normalize(mediaType).ShouldBe(served);
    }

    [Theory]
    [InlineData("IMAGE/PNG", "image/png")]
    [InlineData("application/pdf; x=y", "application/pdf")]
    [InlineData("text/csv", "text/csv")]
    [InlineData("image/svg+xml", DocumentMediaTypes.Fallback)]
    [InlineData("application/javascript", DocumentMediaTypes.Fallback)]
    public void A_binary_document_is_served_as_an_image_pdf_or_text_type_without_a_charset(string mediaType, string served) =>
        DocumentMediaTypes.Normalize(mediaType, binary: true).ShouldBe(served);
}
