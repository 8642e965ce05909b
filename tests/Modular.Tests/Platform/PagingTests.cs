using System.Net;

namespace Modular.Tests.Platform;

/// <summary>Every paged list: page and pageSize out of range are 422 keyed by the parameter, never a server error.</summary>
public sealed class PagingTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> OutOfRange()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var list in new[] { "/api/actions", "/api/agents", "/api/actions/{action}/runs" })
        {
            data.Add(list, "page=2147483647", "/page");
            data.Add(list, "page=2147483647&pageSize=100", "/page");
            data.Add(list, "page=100001", "/page");
            data.Add(list, "page=0", "/page");
            data.Add(list, "page=-2147483648", "/page");
            data.Add(list, "pageSize=2147483647", "/pageSize");
            data.Add(list, "pageSize=101", "/pageSize");
            data.Add(list, "pageSize=0", "/pageSize");
            data.Add(list, "pageSize=-1", "/pageSize");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task Out_of_range_paging_is_422(string list, string query, string pointer)
    {
        var response = await platform.Client.GetAsync($"{list.Replace("{action}", Guid.NewGuid().ToString())}?{query}", Cancel);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe([pointer]);
    }

    [Theory]
    [InlineData("/api/actions")]
    [InlineData("/api/agents")]
    [InlineData("/api/actions/{action}/runs")]
    public async Task Both_out_of_range_are_reported_together(string list)
    {
        var response = await platform.Client.GetAsync($"{list.Replace("{action}", Guid.NewGuid().ToString())}?page=2147483647&pageSize=2147483647", Cancel);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ShouldBe(["/page", "/pageSize"]);
    }

    [Theory]
    [InlineData("/api/actions")]
    [InlineData("/api/agents")]
    [InlineData("/api/actions/{action}/runs")]
    public async Task A_number_beyond_int_is_a_400_problem(string list)
    {
        var response = await platform.Client.GetAsync($"{list.Replace("{action}", Guid.NewGuid().ToString())}?page=99999999999", Cancel);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/actions")]
    [InlineData("/api/agents")]
    [InlineData("/api/actions/{action}/runs")]
    public async Task The_last_page_in_range_is_an_empty_page(string list)
    {
        var response = await platform.Client.GetAsync($"{list.Replace("{action}", Guid.NewGuid().ToString())}?page=100000&pageSize=100", Cancel);

        var page = await response.ReadJsonAsync();
        page.GetProperty("items").GetArrayLength().ShouldBe(0);
        page.GetProperty("page").GetInt32().ShouldBe(100000);
    }
}
