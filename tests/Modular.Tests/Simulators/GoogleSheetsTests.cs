using System.Net;
using System.Text.Json;

namespace Modular.Tests.Simulators;

/// <summary>
/// The Google simulator's Sheets v4 API over HTTP, under <c>/google/sheets</c>: spreadsheets, values in A1 notation,
/// append, batchGet, clear, errors, and whose spreadsheet is whose. Tests write to spreadsheets they create.
/// </summary>
public sealed class GoogleSheetsTests(SimulatorFixture simulators) : IClassFixture<SimulatorFixture>
{
    private const string StaticToken = "demo-google-token";
    private const string Api = "google/sheets/v4/spreadsheets";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => simulators.Http;

    private static void ShouldBeGoogleError(JsonElement body, int code, string status, string? message = null)
    {
        var error = body.GetProperty("error");
        error.GetProperty("code").GetInt32().ShouldBe(code);
        error.Text("status").ShouldBe(status);
        if (message is not null) error.Text("message").ShouldBe(message);
    }

    private async Task<string> CreateAsync(string token, params string[] sheets)
    {
        var created = await Http.JsonAsync(HttpMethod.Post, Api, token, new
        {
            properties = new { title = VendorCalls.Unique("Test") },
            sheets = sheets.Select(title => new { properties = new { title } }),
        });
        return created.Text("spreadsheetId");
    }

    private static List<List<string?>> Values(JsonElement valueRange) =>
        valueRange.TryGetProperty("values", out var values) ? [.. values.EnumerateArray().Select(row => row.Strings())] : [];

    [Fact]
    public async Task The_demo_spreadsheet_has_orders_and_contacts()
    {
        var spreadsheet = await Http.JsonAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet?includeGridData=false", StaticToken);

        spreadsheet.Text("spreadsheetId").ShouldBe("demo-sales-sheet");
        spreadsheet.GetProperty("properties").Text("title").ShouldBe("Demo sales");
        spreadsheet.GetProperty("properties").Text("locale").ShouldBe("en_US");
        var sheets = spreadsheet.GetProperty("sheets").EnumerateArray().Select(s => s.GetProperty("properties")).ToList();
        sheets.Select(s => s.Text("title")).ShouldBe(["Orders", "Contacts"]);
        sheets[0].GetProperty("sheetId").GetInt32().ShouldBe(0);
        sheets[0].Text("sheetType").ShouldBe("GRID");
        sheets[0].GetProperty("gridProperties").GetProperty("rowCount").GetInt32().ShouldBe(1000);
        sheets[0].GetProperty("gridProperties").GetProperty("columnCount").GetInt32().ShouldBe(26);
        spreadsheet.Text("spreadsheetUrl").ShouldContain("demo-sales-sheet");

        var orders = await Http.JsonAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet/values/Orders", StaticToken);
        orders.Text("range").ShouldBe("Orders!A1:Z1000");
        orders.Text("majorDimension").ShouldBe("ROWS");
        var rows = Values(orders);
        rows[0].ShouldBe(["Date", "Customer", "Product", "Quantity", "Amount"]);
        rows.Count.ShouldBe(9);
        rows[1].ShouldBe(["2025-01-06", "Initech", "Widget", "12", "1250.5"]);

        var unformatted = await Http.JsonAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet/values/Orders!D2:E3?valueRenderOption=UNFORMATTED_VALUE", StaticToken);
        unformatted.GetProperty("values")[0][0].GetDouble().ShouldBe(12);
        unformatted.GetProperty("values")[0][1].GetDouble().ShouldBe(1250.5);
        var columns = await Http.JsonAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet/values/Orders!B1:C3?majorDimension=COLUMNS", StaticToken);
        columns.Text("majorDimension").ShouldBe("COLUMNS");
        Values(columns).ShouldBe([["Customer", "Initech", "Hooli"], ["Product", "Widget", "Gadget"]]);
        Values(await Http.JsonAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet/values/Contacts!A1:C1", StaticToken))[0].ShouldBe(["Name", "Email", "Company"]);
    }

    [Fact]
    public async Task The_Sheets_paths_also_answer_at_the_root_as_sheets_googleapis_com_does()
    {
        // Google's Node client keeps only the origin of its rootUrl: /v4/spreadsheets… at the simulators' root.
        var id = await CreateAsync(StaticToken, "Root");
        await Http.JsonAsync(HttpMethod.Put, $"v4/spreadsheets/{id}/values/Root%21A1%3AB1?valueInputOption=RAW", StaticToken, new { values = new[] { new[] { "a", "b" } } });

        Values(await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}/values/Root!A1:B1", StaticToken)).ShouldBe([["a", "b"]]);
        var spreadsheet = await Http.JsonAsync(HttpMethod.Get, $"v4/spreadsheets/{id}", StaticToken);
        spreadsheet.GetProperty("sheets")[0].GetProperty("properties").Text("title").ShouldBe("Root");
        ShouldBeGoogleError(await Http.JsonAsync(HttpMethod.Get, "v4/spreadsheets/no-such-sheet", StaticToken, status: HttpStatusCode.NotFound), 404, "NOT_FOUND");
        (await Http.CallAsync(HttpMethod.Get, $"v4/spreadsheets/{id}", "not-a-token")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Create_update_read_append_batch_get_and_clear_with_an_OAuth_token()
    {
        var token = await VendorCalls.GoogleTokenAsync(Http, "grace@globex.example");
        var created = await Http.JsonAsync(HttpMethod.Post, Api, token, new { properties = new { title = "Leads" }, sheets = new[] { new { properties = new { title = "My Sheet" } }, new { properties = new { title = "Other" } } } });
        var id = created.Text("spreadsheetId");
        created.GetProperty("properties").Text("title").ShouldBe("Leads");
        created.GetProperty("properties").Text("timeZone").ShouldNotBeNullOrEmpty();
        var sheets = created.GetProperty("sheets").EnumerateArray().Select(s => s.GetProperty("properties")).ToList();
        sheets.Select(s => s.Text("title")).ShouldBe(["My Sheet", "Other"]);
        sheets.Select(s => s.GetProperty("index").GetInt32()).ShouldBe([0, 1]);
        sheets[0].GetProperty("gridProperties").GetProperty("rowCount").GetInt32().ShouldBe(1000);

        // As Google's clients send it: the range percent-encoded, quotes and all.
        var range = Uri.EscapeDataString("'My Sheet'!A1:C2");
        var updated = await Http.JsonAsync(HttpMethod.Put, $"{Api}/{id}/values/{range}?valueInputOption=USER_ENTERED", token,
            new { values = new object[][] { ["Name", "Score", "Active"], ["Ada", "42", "TRUE"] } });
        updated.Text("spreadsheetId").ShouldBe(id);
        updated.Text("updatedRange").ShouldBe("'My Sheet'!A1:C2");
        updated.GetProperty("updatedRows").GetInt32().ShouldBe(2);
        updated.GetProperty("updatedColumns").GetInt32().ShouldBe(3);
        updated.GetProperty("updatedCells").GetInt32().ShouldBe(6);

        var typed = await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}/values/{Uri.EscapeDataString("'My Sheet'!A2:C2")}?valueRenderOption=UNFORMATTED_VALUE", token);
        typed.Text("range").ShouldBe("'My Sheet'!A2:C2");
        typed.GetProperty("values")[0][1].GetDouble().ShouldBe(42);
        typed.GetProperty("values")[0][2].GetBoolean().ShouldBeTrue();

        // RAW keeps text as text.
        await Http.JsonAsync(HttpMethod.Put, $"{Api}/{id}/values/{Uri.EscapeDataString("'My Sheet'!A3")}?valueInputOption=RAW", token, new { values = new[] { new[] { "Grace", "7" } } });
        (await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}/values/{Uri.EscapeDataString("'My Sheet'!B3")}?valueRenderOption=UNFORMATTED_VALUE", token))
            .GetProperty("values")[0][0].GetString().ShouldBe("7");

        // The method suffix on the range, the range as literal characters.
        var appended = await Http.JsonAsync(HttpMethod.Post, $"{Api}/{id}/values/'My Sheet'!A1:C1:append?valueInputOption=USER_ENTERED", token,
            new { values = new object[][] { ["Linus", 3, false], ["Margaret", 9, true] } });
        appended.Text("spreadsheetId").ShouldBe(id);
        appended.Text("tableRange").ShouldBe("'My Sheet'!A1:C3");
        var updates = appended.GetProperty("updates");
        updates.Text("spreadsheetId").ShouldBe(id);
        updates.Text("updatedRange").ShouldBe("'My Sheet'!A4:C5");
        updates.GetProperty("updatedRows").GetInt32().ShouldBe(2);
        updates.GetProperty("updatedColumns").GetInt32().ShouldBe(3);
        updates.GetProperty("updatedCells").GetInt32().ShouldBe(6);

        var batch = await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}/values:batchGet?ranges={Uri.EscapeDataString("'My Sheet'!A4:A5")}&ranges=Other", token);
        batch.Text("spreadsheetId").ShouldBe(id);
        var valueRanges = batch.GetProperty("valueRanges").EnumerateArray().ToList();
        valueRanges.Count.ShouldBe(2);
        Values(valueRanges[0]).ShouldBe([["Linus"], ["Margaret"]]);
        valueRanges[1].Text("range").ShouldBe("Other!A1:Z1000");
        valueRanges[1].TryGetProperty("values", out _).ShouldBeFalse();

        var cleared = await Http.JsonAsync(HttpMethod.Post, $"{Api}/{id}/values/{Uri.EscapeDataString("'My Sheet'!A4:C4")}:clear", token, new { });
        cleared.Text("clearedRange").ShouldBe("'My Sheet'!A4:C4");
        var after = await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}/values/{Uri.EscapeDataString("'My Sheet'")}", token);
        Values(after).ShouldBe([["Name", "Score", "Active"], ["Ada", "42", "TRUE"], ["Grace", "7"], [], ["Margaret", "9", "TRUE"]]);
    }

    [Fact]
    public async Task Trailing_empty_cells_and_rows_are_left_out_and_empty_ones_between_are_empty_strings()
    {
        var id = await CreateAsync(StaticToken);
        await Http.JsonAsync(HttpMethod.Put, $"{Api}/{id}/values/Sheet1!B2?valueInputOption=RAW", StaticToken,
            new { values = new object?[][] { ["a", null, "c"], [], ["", "", "f"] } });

        var values = await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}/values/Sheet1!A1:F10", StaticToken);

        values.Text("range").ShouldBe("Sheet1!A1:F10");
        Values(values).ShouldBe([[], ["", "a", "", "c"], [], ["", "", "", "f"]]);
        Values(await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}/values/Sheet1!B2:C4?majorDimension=COLUMNS", StaticToken)).ShouldBe([["a"]]);
        // A1:B2 without a sheet is the first sheet's.
        (await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}/values/A1:B2", StaticToken)).Text("range").ShouldBe("Sheet1!A1:B2");
    }

    [Fact]
    public async Task Append_to_an_empty_sheet_starts_at_the_range_and_insert_rows_moves_the_rows_below_down()
    {
        var id = await CreateAsync(StaticToken, "Log");

        var first = await Http.JsonAsync(HttpMethod.Post, $"{Api}/{id}/values/Log!A:C:append?valueInputOption=RAW", StaticToken, new { values = new[] { new[] { "h1", "h2" } } });
        first.TryGetProperty("tableRange", out _).ShouldBeFalse();
        first.GetProperty("updates").Text("updatedRange").ShouldBe("Log!A1:B1");

        await Http.JsonAsync(HttpMethod.Put, $"{Api}/{id}/values/Log!A4?valueInputOption=RAW", StaticToken, new { values = new[] { new[] { "below" } } });
        var inserted = await Http.JsonAsync(HttpMethod.Post, $"{Api}/{id}/values/Log:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS", StaticToken,
            new { values = new[] { new[] { "r1" }, new[] { "r2" } } });
        inserted.Text("tableRange").ShouldBe("Log!A1:B1");
        inserted.GetProperty("updates").Text("updatedRange").ShouldBe("Log!A2:A3");

        Values(await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}/values/Log!A1:A6", StaticToken)).ShouldBe([["h1"], ["r1"], ["r2"], [], [], ["below"]]);
        var grid = await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}", StaticToken);
        grid.GetProperty("sheets")[0].GetProperty("properties").GetProperty("gridProperties").GetProperty("rowCount").GetInt32().ShouldBe(1002);
    }

    [Fact]
    public async Task A_user_cannot_read_another_users_spreadsheet()
    {
        var grace = await VendorCalls.GoogleTokenAsync(Http, "grace@globex.example");
        var graces = await CreateAsync(grace);

        ShouldBeGoogleError(await Http.JsonAsync(HttpMethod.Get, $"{Api}/{graces}/values/Sheet1", StaticToken, status: HttpStatusCode.Forbidden), 403, "PERMISSION_DENIED", "The caller does not have permission");
        ShouldBeGoogleError(await Http.JsonAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet-grace", StaticToken, status: HttpStatusCode.Forbidden), 403, "PERMISSION_DENIED");
        (await Http.CallAsync(HttpMethod.Put, $"{Api}/{graces}/values/Sheet1!A1?valueInputOption=RAW", StaticToken, new { values = new[] { new[] { "x" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        ShouldBeGoogleError(await Http.JsonAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet", grace, status: HttpStatusCode.Forbidden), 403, "PERMISSION_DENIED");

        // Each user's demo spreadsheet is their own.
        var own = await Http.JsonAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet-grace/values/Orders!B2", grace);
        Values(own).ShouldBe([["Soylent Foods"]]);
        ShouldBeGoogleError(await Http.JsonAsync(HttpMethod.Get, $"{Api}/no-such-spreadsheet", grace, status: HttpStatusCode.NotFound), 404, "NOT_FOUND", "Requested entity was not found.");
    }

    [Fact]
    public async Task Bad_requests_get_Googles_error_bodies()
    {
        var id = await CreateAsync(StaticToken);

        var range = await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}/values/Foo!!", StaticToken, status: HttpStatusCode.BadRequest);
        ShouldBeGoogleError(range, 400, "INVALID_ARGUMENT", "Unable to parse range: Foo!!");
        var detail = range.GetProperty("error").GetProperty("errors")[0];
        detail.Text("domain").ShouldBe("global");
        detail.Text("reason").ShouldBe("badRequest");
        detail.Text("message").ShouldBe("Unable to parse range: Foo!!");
        ShouldBeGoogleError(await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}/values/{Uri.EscapeDataString("Nope!A1")}", StaticToken, status: HttpStatusCode.BadRequest),
            400, "INVALID_ARGUMENT", "Unable to parse range: Nope!A1");

        ShouldBeGoogleError(await (await Http.CallAsync(HttpMethod.Put, $"{Api}/{id}/values/Sheet1!A1", StaticToken, new { values = new[] { new[] { "x" } } })).JsonAsync(HttpStatusCode.BadRequest),
            400, "INVALID_ARGUMENT", "'valueInputOption' is required but not specified");
        ShouldBeGoogleError(await (await Http.CallAsync(HttpMethod.Post, $"{Api}/{id}/values/Sheet1!A1:append", StaticToken, new { values = new[] { new[] { "x" } } })).JsonAsync(HttpStatusCode.BadRequest),
            400, "INVALID_ARGUMENT", "'valueInputOption' is required but not specified");
        ShouldBeGoogleError(await (await Http.CallAsync(HttpMethod.Put, $"{Api}/{id}/values/Sheet1!A1:B1?valueInputOption=RAW", StaticToken, new { values = new[] { new[] { "x", "y", "z" } } })).JsonAsync(HttpStatusCode.BadRequest),
            400, "INVALID_ARGUMENT", "Requested writing within range [Sheet1!A1:B1], but tried writing to column [C]");
        ShouldBeGoogleError(await Http.JsonAsync(HttpMethod.Get, $"{Api}/{id}/values/Sheet1?majorDimension=DIAGONAL", StaticToken, status: HttpStatusCode.BadRequest), 400, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task Revoked_and_unknown_tokens_get_401_and_no_credentials_get_403()
    {
        var token = await VendorCalls.GoogleTokenAsync(Http);
        (await Http.CallAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet", token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Http.PostAsync($"google/oauth2/revoke?token={Uri.EscapeDataString(token)}", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var revoked = await Http.CallAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet", token);
        revoked.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
        ShouldBeGoogleError(await revoked.JsonAsync(HttpStatusCode.Unauthorized), 401, "UNAUTHENTICATED");
        var unknown = await Http.JsonAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet?access_token=ya29.unknown", token: null, status: HttpStatusCode.Unauthorized);
        unknown.GetProperty("error").Text("message").ShouldStartWith("Request had invalid authentication credentials.");
        ShouldBeGoogleError(await Http.JsonAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet", token: null, status: HttpStatusCode.Forbidden),
            403, "PERMISSION_DENIED", "The request is missing a valid API key.");
        // The access_token parameter is a credential too.
        (await Http.CallAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet?access_token={StaticToken}", token: null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_without_a_sheets_scope_is_refused()
    {
        var token = await VendorCalls.GoogleTokenAsync(Http, scopes: "openid email");

        var refused = await Http.JsonAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet", token, status: HttpStatusCode.Forbidden);

        ShouldBeGoogleError(refused, 403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.");
        refused.GetProperty("error").GetProperty("details")[0].Text("reason").ShouldBe("ACCESS_TOKEN_SCOPE_INSUFFICIENT");
        var readOnly = await VendorCalls.GoogleTokenAsync(Http, scopes: "https://www.googleapis.com/auth/spreadsheets.readonly");
        (await Http.CallAsync(HttpMethod.Get, $"{Api}/demo-sales-sheet/values/Orders!A1", readOnly)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Http.CallAsync(HttpMethod.Post, $"{Api}/demo-sales-sheet/values/Orders!A1:append?valueInputOption=RAW", readOnly, new { values = new[] { new[] { "x" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
