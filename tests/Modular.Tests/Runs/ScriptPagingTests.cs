using System.Text.Json;

namespace Modular.Tests.Runs;

/// <summary><c>paging.collect</c>: a script pages through a connected system as operations do.</summary>
public sealed class ScriptPagingTests(PlatformFixture platform)
{
    private async Task<RunsClient> Workspace() => new(await platform.NewWorkspaceClientAsync());

    [Theory]
    // Cursor pages of 3 until the last page: all 8 items, in order.
    [InlineData("{}", "3", "0,1,2,3,4,5,6,7 false 3")]
    // At most 5 items: truncated.
    [InlineData("{ maxItems: 5 }", "3", "0,1,2,3,4 true 2")]
    // At most 2 pages: truncated.
    [InlineData("{ maxPages: 2 }", "3", "0,1,2,3,4,5 true 2")]
    // A system that answers the same cursor again stops the paging instead of looping.
    [InlineData("{}", "'same'", "0,1,2,3,4,5 false 2")]
    public async Task A_script_collects_every_page_within_its_limits(string options, string next, string expected)
    {
        var runs = await Workspace();
        var run = await runs.RunToEndAsync($$"""
            let calls = 0;
            const all = Array.from({ length: 8 }, (_, i) => i);
            const { items, truncated } = await paging.collect(async cursor => {
              calls++;
              const start = cursor === undefined || cursor === 'same' ? (cursor === 'same' ? 3 : 0) : cursor;
              const items = all.slice(start, start + 3);
              return { items, next: start + 3 < all.length ? {{(next == "3" ? "start + 3" : next)}} : undefined };
            }, {{options}});
            log(items.join(','), truncated, calls);
            """);

        var events = await RunTests.EventsAsync(runs, run);
        events.Where(e => e.GetProperty("type").GetString() == "LogWritten").Select(e => e.GetProperty("data").GetProperty("message").GetString())
            .ShouldBe([expected]);
        (await runs.GetAsync(run)).GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task Collect_without_a_page_function_fails_the_run_saying_so()
    {
        var runs = await Workspace();
        var run = await runs.GetAsync(await runs.RunToEndAsync("await paging.collect();"));
        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("needs a function that fetches one page");
        run.GetProperty("errorLine").ValueKind.ShouldNotBe(JsonValueKind.Undefined);
    }
}
