using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Tests.Connectors;

/// <summary>The Google Sheets connector: its operations' requests as Google receives them, and its templates run end to end against the local Google.</summary>
public sealed class GoogleSheetsTests(PlatformFixture platform)
{
    private static readonly Dictionary<string, string> Google = new()
    {
        ["accounts"] = "https://accounts.google.com",
        ["oauth2"] = "https://oauth2.googleapis.com",
        ["sheets"] = "https://sheets.googleapis.com",
    };

    private RecordedCalls Calls() => new(platform, "google-sheets");

    private static Task<JsonNode?> RunAsync(RecordedCalls calls, string operation, string input) =>
        calls.RunAsync(operation, input, new Dictionary<string, string> { ["access_token"] = "ya29.test" }, Google);

    [Fact]
    public async Task Append_escapes_a_quoted_sheet_range_as_one_path_segment_and_reads_the_updates()
    {
        var calls = Calls().Answer("""
            {"spreadsheetId":"abc","tableRange":"'My Sheet'!A1:C3","updates":{"spreadsheetId":"abc","updatedRange":"'My Sheet'!A4:C4","updatedRows":1,"updatedColumns":3,"updatedCells":3}}
            """);

        var result = await RunAsync(calls, "appendRows", """{"spreadsheetId":"abc","range":"'My Sheet'!A:C","values":[["Ada",42,true]]}""");

        var sent = calls.Requests.Single();
        sent.Method.ShouldBe("POST");
        sent.Url.AbsoluteUri.ShouldBe("https://sheets.googleapis.com/v4/spreadsheets/abc/values/%27My%20Sheet%27%21A%3AC:append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS");
        sent.Json!["values"]!.ShouldBeJson("""[["Ada",42,true]]""");
        sent.Json!["majorDimension"]!.GetValue<string>().ShouldBe("ROWS");
        result!["updatedRange"]!.GetValue<string>().ShouldBe("'My Sheet'!A4:C4");
        result["updatedCells"]!.GetValue<int>().ShouldBe(3);
        result["tableRange"]!.GetValue<string>().ShouldBe("'My Sheet'!A1:C3");
    }

    [Fact]
    public async Task Read_sends_the_render_options_and_an_empty_range_reads_as_no_rows()
    {
        var calls = Calls().Answer("""{"range":"Sheet1!A1:C5","majorDimension":"COLUMNS"}""");

        var result = await RunAsync(calls, "readRange", """{"spreadsheetId":"abc","range":"Sheet1!A1:C5","majorDimension":"COLUMNS","valueRenderOption":"UNFORMATTED_VALUE"}""");

        calls.Requests.Single().Url.AbsoluteUri
            .ShouldBe("https://sheets.googleapis.com/v4/spreadsheets/abc/values/Sheet1%21A1%3AC5?majorDimension=COLUMNS&valueRenderOption=UNFORMATTED_VALUE");
        result!["values"]!.AsArray().ShouldBeEmpty();
        result["majorDimension"]!.GetValue<string>().ShouldBe("COLUMNS");
    }

    [Fact]
    public async Task Update_puts_the_values_and_create_names_the_sheets()
    {
        var calls = Calls()
            .Answer("""{"spreadsheetId":"abc","updatedRange":"Sheet1!B2","updatedRows":1,"updatedColumns":1,"updatedCells":1}""")
            .Answer("""{"spreadsheetId":"new","spreadsheetUrl":"https://docs.google.com/spreadsheets/d/new/edit","properties":{"title":"Orders"},"sheets":[{"properties":{"sheetId":0,"title":"Q1","index":0,"gridProperties":{"rowCount":1000,"columnCount":26}}}]}""");

        var updated = await RunAsync(calls, "updateRange", """{"spreadsheetId":"abc","range":"Sheet1!B2","values":[["Paid"]],"valueInputOption":"RAW"}""");
        var created = await RunAsync(calls, "createSpreadsheet", """{"title":"Orders","sheetTitles":["Q1"]}""");

        calls.Requests[0].Method.ShouldBe("PUT");
        calls.Requests[0].Url.AbsoluteUri.ShouldBe("https://sheets.googleapis.com/v4/spreadsheets/abc/values/Sheet1%21B2?valueInputOption=RAW");
        updated!["updatedCells"]!.GetValue<int>().ShouldBe(1);
        calls.Requests[1].Url.AbsoluteUri.ShouldBe("https://sheets.googleapis.com/v4/spreadsheets");
        calls.Requests[1].Json!.ShouldBeJson("""{"properties":{"title":"Orders"},"sheets":[{"properties":{"title":"Q1"}}]}""");
        created!["spreadsheetId"]!.GetValue<string>().ShouldBe("new");
        created["sheets"]![0]!["columnCount"]!.GetValue<int>().ShouldBe(26);
    }

    [Fact]
    public async Task List_sheets_gives_their_titles_in_order_as_choices()
    {
        var calls = Calls().Answer("""{"sheets":[{"properties":{"title":"Totals","index":1}},{"properties":{"title":"Orders","index":0}}]}""");

        var result = await RunAsync(calls, "listSheets", """{"spreadsheetId":"abc"}""");

        calls.Requests.Single().Url.AbsoluteUri.ShouldBe("https://sheets.googleapis.com/v4/spreadsheets/abc?fields=sheets.properties");
        result!["options"]!.AsArray().Select(o => o!["value"]!.GetValue<string>()).ShouldBe(["Orders", "Totals"]);
    }

    [Theory]
    [InlineData("""{"spreadsheetId":"abc","range":"Sheet1","values":"Ada"}""", "'values' must be a list")]
    [InlineData("""{"spreadsheetId":"abc","range":"Sheet1","values":[["Ada",{"nested":1}]]}""", "'values[0][1]' must be text")]
    [InlineData("""{"spreadsheetId":"abc","values":[["Ada"]]}""", "'range'")]
    [InlineData("""{"spreadsheetId":"","range":"Sheet1","values":[["Ada"]]}""", "'spreadsheetId'")]
    [InlineData("""{"spreadsheetId":"abc","range":"Sheet1","values":[["Ada"]],"valueInputOption":"TYPED"}""", "'valueInputOption' must be one of USER_ENTERED, RAW")]
    public async Task Input_that_breaks_the_schema_names_the_field_and_sends_nothing(string input, string problem)
    {
        var calls = Calls();

        var refused = await Should.ThrowAsync<OperationInputException>(() => RunAsync(calls, "appendRows", input));

        refused.Message.ShouldContain(problem);
        calls.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_google_error_names_its_status_and_message()
    {
        var calls = Calls().Answer("""{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}}""", HttpStatusCode.NotFound);

        var failed = await Should.ThrowAsync<ConnectorCallException>(() => RunAsync(calls, "getSpreadsheet", """{"spreadsheetId":"nope"}"""));

        failed.Message.ShouldBe("Google Sheets answered 404 NOT_FOUND: Requested entity was not found.");
    }

    // End to end: the platform's API, the host's pipeline and the local Google (src/Modular.Simulators).

    private const string Ada = "ada@acme.example";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(ConnectorTestKit Kit, string AccountId)> ConnectedAsync()
    {
        var kit = await ConnectorTestKit.StartAsync(platform);
        return (kit, await kit.ConnectOAuthAccountAsync("google-sheets", Ada));
    }

    /// <summary>A spreadsheet of Ada's made at the local Google directly (its static token is hers), with one sheet.</summary>
    private static async Task<string> NewSpreadsheetAsync(ConnectorTestKit kit, string sheet, object[][]? rows = null)
    {
        using var google = kit.Vendor("demo-google-token");
        var created = await ConnectorTestKit.JsonAsync(await google.PostAsJsonAsync("google/sheets/v4/spreadsheets",
            new { properties = new { title = "Test " + Guid.NewGuid().ToString("N")[..8] }, sheets = new[] { new { properties = new { title = sheet } } } }, Cancel));
        var id = created["spreadsheetId"]!.GetValue<string>();
        if (rows is not null)
        {
            var range = Uri.EscapeDataString($"'{sheet}'!A1");
            await ConnectorTestKit.JsonAsync(await google.PutAsJsonAsync($"google/sheets/v4/spreadsheets/{id}/values/{range}?valueInputOption=RAW", new { values = rows }, Cancel));
        }
        return id;
    }

    private static async Task<List<List<string>>> RowsAsync(ConnectorTestKit kit, string spreadsheetId, string range)
    {
        using var google = kit.Vendor("demo-google-token");
        var answer = await ConnectorTestKit.JsonAsync(await google.GetAsync($"google/sheets/v4/spreadsheets/{spreadsheetId}/values/{Uri.EscapeDataString(range)}", Cancel));
        return answer["values"] is JsonArray rows ? [.. rows.Select(r => r!.AsArray().Select(c => c?.ToString() ?? "").ToList())] : [];
    }

    private static Task<int> SheetsCallsAsync(ConnectorTestKit kit) => kit.VendorRequestsAsync("google", "/google/sheets/");

    [Fact]
    public async Task Append_a_row_appends_the_run_input_to_a_sheet_whose_title_needs_quoting()
    {
        var (kit, accountId) = await ConnectedAsync();
        var spreadsheetId = await NewSpreadsheetAsync(kit, "Sales Leads", [["Name", "Email", "Score"]]);
        var action = await kit.ActiveActionAsync("google-sheets.append-row", accountId,
            new { spreadsheetId, sheet = "Sales Leads", values = "{{ input.name }}\n{{ input.email }}\n{{ input.score }}" }, new { source = "Contact form" });

        var first = await kit.RunAsync(action, new { name = "Ada", email = "ada@example.com", score = 42 });
        var second = await kit.RunAsync(action, new { name = "Grace", email = "grace@example.com", score = 7 });

        first.GetProperty("status").GetString().ShouldBe("succeeded", first.ToString());
        second.GetProperty("status").GetString().ShouldBe("succeeded", second.ToString());
        var rows = await RowsAsync(kit, spreadsheetId, "'Sales Leads'!A1:C10");
        rows.Count.ShouldBe(3);
        rows[1].ShouldBe(["Ada", "ada@example.com", "42"]);
        rows[2].ShouldBe(["Grace", "grace@example.com", "7"]);
    }

    [Fact]
    public async Task Read_a_sheet_saves_its_rows_as_a_csv_or_a_json_document()
    {
        var (kit, accountId) = await ConnectedAsync();
        var spreadsheetId = await NewSpreadsheetAsync(kit, "Orders", [["Customer", "Total"], ["Acme, Inc.", "12"], ["Globex \"West\"", "7"]]);
        var csv = await kit.ActiveActionAsync("google-sheets.read-sheet", accountId, new { spreadsheetId, sheet = "Orders", format = "CSV", documentName = "orders.csv" }, new { purpose = "the order report" });
        var json = await kit.ActiveActionAsync("google-sheets.read-sheet", accountId, new { spreadsheetId, sheet = "Orders", range = "A1:B2", format = "JSON" }, new { purpose = "the order report" });

        (await DocumentAsync(kit, await kit.RunAsync(csv), "orders.csv")).ShouldBe("Customer,Total\r\n\"Acme, Inc.\",12\r\n\"Globex \"\"West\"\"\",7");
        JsonNode.Parse(await DocumentAsync(kit, await kit.RunAsync(json), "sheet.json")).ShouldBeJson("""[{"Customer":"Acme, Inc.","Total":"12"}]""");
    }

    private static async Task<string> DocumentAsync(ConnectorTestKit kit, System.Text.Json.JsonElement run, string name)
    {
        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var document = run.GetProperty("documents").EnumerateArray().Single();
        document.GetProperty("name").GetString().ShouldBe(name);
        return await kit.Client.GetStringAsync($"/api/runs/{ConnectorTestKit.IdOf(run)}/documents/{document.GetProperty("id").GetGuid()}", Cancel);
    }

    [Fact]
    public async Task Input_that_breaks_an_operation_schema_fails_the_run_naming_the_field_and_calls_nothing()
    {
        var (kit, accountId) = await ConnectedAsync();
        var spreadsheetId = await NewSpreadsheetAsync(kit, "Sheet1");
        var action = await kit.ActiveActionAsync("google-sheets.append-row", accountId, new { spreadsheetId, sheet = "Sheet1", values = "{{ input.name }}" }, new { source = "Form" });
        await kit.EditCodeAsync(action, code => code.Replace("values: [row],", "values: row.join(\",\"),", StringComparison.Ordinal));
        var before = await SheetsCallsAsync(kit);

        var run = await kit.RunAsync(action, new { name = "Ada" });

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("'values' must be a list");
        (await SheetsCallsAsync(kit)).ShouldBe(before);
        (await RowsAsync(kit, spreadsheetId, "Sheet1!A1:A5")).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_sheet_dropdown_lists_the_sheets_of_the_spreadsheet_the_form_names()
    {
        var (kit, accountId) = await ConnectedAsync();
        var spreadsheetId = await NewSpreadsheetAsync(kit, "Leads");
        var template = await (await kit.Client.GetAsync("/api/library/templates/google-sheets.append-row", Cancel)).ReadJsonAsync();
        var sheet = template.GetProperty("configurationFields").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "sheet");

        var listed = await kit.Client.PostAsJsonAsync($"/api/accounts/{accountId}/options", new { operation = "listSheets", input = new { spreadsheetId } }, Cancel);
        var unnamed = await kit.Client.PostAsJsonAsync($"/api/accounts/{accountId}/options", new { operation = "listSheets" }, Cancel);

        sheet.GetProperty("optionsNeed").EnumerateArray().Select(k => k.GetString()).ShouldBe(["spreadsheetId"]);
        (await listed.ReadJsonAsync()).GetProperty("options").EnumerateArray().Select(o => o.GetProperty("value").GetString()).ShouldBe(["Leads"]);
        unnamed.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await unnamed.Content.ReadAsStringAsync(Cancel)).ShouldContain("spreadsheetId");
    }

    [Fact]
    public async Task A_dropdown_read_with_an_account_revoked_at_google_says_it_needs_reconnecting()
    {
        // Grace's grants are this test's alone on the shared simulator: revoking them touches no other test.
        var kit = await ConnectorTestKit.StartAsync(platform);
        var accountId = await kit.ConnectOAuthAccountAsync("google-sheets", "grace@globex.example");
        using (var admin = kit.Vendor("unused"))
            (await admin.PostAsync("_simulator/google/revoke-all?account=110000000000000000002", null, Cancel)).EnsureSuccessStatusCode();

        var first = await kit.Client.PostAsJsonAsync($"/api/accounts/{accountId}/options", new { operation = "listSheets", input = new { spreadsheetId = "demo-sales-sheet-grace" } }, Cancel);
        var again = await kit.Client.PostAsJsonAsync($"/api/accounts/{accountId}/options", new { operation = "listSheets", input = new { spreadsheetId = "demo-sales-sheet-grace" } }, Cancel);

        var refused = await first.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("detail").GetString()!.ShouldContain("needs reconnecting");
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("needs reconnecting");
        (await (await kit.Client.GetAsync($"/api/accounts/{accountId}", Cancel)).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("needsReconnecting");
    }

    [Fact]
    public async Task A_google_error_fails_the_run_naming_its_status()
    {
        var (kit, accountId) = await ConnectedAsync();
        var action = await kit.ActiveActionAsync("google-sheets.read-sheet", accountId, new { spreadsheetId = "no-such-spreadsheet", sheet = "Sheet1", format = "CSV" }, new { purpose = "Nothing" });

        var run = await kit.RunAsync(action);

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("Google Sheets answered 404 NOT_FOUND");
        run.GetProperty("documents").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task The_other_operations_create_describe_update_and_read_a_spreadsheet()
    {
        var (kit, accountId) = await ConnectedAsync();
        var spreadsheetId = await NewSpreadsheetAsync(kit, "Sheet1");
        var action = await kit.ActiveActionAsync("google-sheets.append-row", accountId, new { spreadsheetId, sheet = "Sheet1", values = "{{ input.name }}" }, new { source = "Form" });
        await kit.EditCodeAsync(action, _ => """
            const created = await google_sheets.createSpreadsheet({ title: "Budget", sheetTitles: ["Q1 plan", "Totals"] });
            log("created " + created.spreadsheetId);
            const described = await google_sheets.getSpreadsheet({ spreadsheetId: created.spreadsheetId });
            log("sheets " + described.sheets.map(s => s.title + " " + s.rowCount + "x" + s.columnCount).join(", ") + " of " + described.title);
            log("choices " + (await google_sheets.listSheets({ spreadsheetId: created.spreadsheetId })).options.map(o => o.value).join(","));
            const updated = await google_sheets.updateRange({ spreadsheetId: created.spreadsheetId, range: "'Q1 plan'!A1:B2", values: [["Item", "Cost"], ["Laptops", "1200"]] });
            log("updated " + updated.updatedCells + " at " + updated.updatedRange);
            const read = await google_sheets.readRange({ spreadsheetId: created.spreadsheetId, range: "'Q1 plan'!A1:B2", majorDimension: "COLUMNS", valueRenderOption: "UNFORMATTED_VALUE" });
            log("read " + JSON.stringify(read.values));
            """);

        var run = await kit.RunAsync(action);

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var logs = (await kit.LogsAsync(ConnectorTestKit.IdOf(run))).Where(l => !System.Text.RegularExpressions.Regex.IsMatch(l, "^(GET|POST|PUT) ")).ToList();
        var created = logs[0].Split(' ')[1];
        logs[1].ShouldBe("sheets Q1 plan 1000x26, Totals 1000x26 of Budget");
        logs[2].ShouldBe("choices Q1 plan,Totals");
        logs[3].ShouldBe("updated 4 at 'Q1 plan'!A1:B2");
        logs[4].ShouldBe("""read [["Item","Laptops"],["Cost",1200]]""");
        (await RowsAsync(kit, created, "'Q1 plan'!A2:B2")).ShouldBe([["Laptops", "1200"]]);
    }
}
