using System.Net;
using System.Text.Json;

namespace Modular.Tests.Library;

/// <summary>What a script may call, and each operation's doc page, as script authors and the AI chat read them.</summary>
public sealed class OperationDocsTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_connectors_operations_are_listed_with_how_a_script_calls_them_and_whether_they_change_anything()
    {
        var operations = (await (await platform.Client.GetAsync("/api/library/operations?connectorId=slack", Cancel)).ReadJsonAsync())
            .EnumerateArray().ToDictionary(o => o.GetProperty("id").GetString()!);

        operations.Keys.ShouldBe(["slack.postMessage", "slack.replyInThread", "slack.listChannels", "slack.channelOptions", "slack.lookupUserByEmail"], ignoreOrder: true);
        operations["slack.postMessage"].GetProperty("call").GetString().ShouldBe("slack.postMessage");
        operations["slack.postMessage"].GetProperty("effect").GetString().ShouldBe("write");
        operations["slack.lookupUserByEmail"].GetProperty("effect").GetString().ShouldBe("read");
    }

    [Fact]
    public async Task An_operation_has_its_schemas_and_a_markdown_page_with_inputs_output_errors_and_an_example()
    {
        var view = await (await platform.Client.GetAsync("/api/library/operations/google-sheets.appendRows", Cancel)).ReadJsonAsync();

        view.GetProperty("operation").GetProperty("call").GetString().ShouldBe("google_sheets.appendRows");
        view.GetProperty("inputSchema").GetProperty("properties").TryGetProperty("spreadsheetId", out _).ShouldBeTrue();
        view.GetProperty("outputSchema").GetProperty("type").ValueKind.ShouldNotBe(JsonValueKind.Undefined);
        var page = view.GetProperty("documentation").GetString()!;
        page.ShouldContain("## Output");
        page.ShouldContain("spreadsheetId");
    }

    [Theory]
    [InlineData("/api/library/operations/slack.nope")]
    [InlineData("/api/library/operations?connectorId=nope")]
    public async Task An_unknown_operation_or_connector_is_a_404_problem(string path) =>
        await (await platform.Client.GetAsync(path, Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
}
