using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Modular.Testing;

namespace Modular.Tests.Accounts;

/// <summary>One connector operation run by API, without an action: validated, through the call pipeline, audited.</summary>
public sealed class RunConnectorOperationTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> RunAsync(HttpClient client, string operation, object body, string connector = "rest") =>
        client.PostAsJsonAsync($"/api/connectors/{connector}/operations/{operation}/run", body, Cancel);

    private static async Task<JsonElement> AuditAsync(HttpClient owner, string subject)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var page = await (await owner.GetAsync("/api/audit?what=operation run", Cancel)).ReadJsonAsync();
            var entry = page.GetProperty("items").EnumerateArray().FirstOrDefault(e => e.GetProperty("subject").GetString() == subject);
            if (entry.ValueKind == JsonValueKind.Object) return entry;
            if (DateTime.UtcNow > deadline) throw new ShouldAssertException($"No audit entry for {subject} in {page}");
            await Task.Delay(50, Cancel);
        }
    }

    [Fact]
    public async Task An_operation_runs_with_an_account_answers_what_a_script_would_get_and_is_audited_without_the_secret()
    {
        var owner = await platform.NewWorkspaceClientAsync();
        var created = await (await owner.PostAsJsonAsync("/api/accounts", new
        {
            connectorId = "rest",
            method = "ApiKey",
            name = "Partner API",
            values = new { headerName = "X-Api-Key", apiKey = PartnerServer.ApiKey, baseUrl = platform.Host.Partner.Address + "private" },
        }, Cancel)).ReadJsonAsync();
        var accountId = created.GetProperty("id").GetString()!;

        var response = await RunAsync(owner, "rest.request", new { accountId, input = new { url = "." } });

        var text = await response.Content.ReadAsStringAsync(Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        text.ShouldNotContain(PartnerServer.ApiKey);
        var answer = JsonDocument.Parse(text).RootElement;
        answer.GetProperty("operation").GetString().ShouldBe("rest.request");
        answer.GetProperty("result").GetProperty("status").GetInt32().ShouldBe(200);
        answer.GetProperty("result").GetProperty("body").GetProperty("orders").GetInt32().ShouldBe(3);
        var audited = await AuditAsync(owner, "operation rest.request");
        audited.GetProperty("detail").GetString()!.ShouldStartWith($"with account {accountId}: succeeded in ");
        audited.ToString().ShouldNotContain(PartnerServer.ApiKey);
    }

    [Fact]
    public async Task A_connector_that_needs_no_account_runs_by_its_operations_name()
    {
        var owner = await platform.NewWorkspaceClientAsync();

        var answer = await (await RunAsync(owner, "request", new { input = new { url = platform.Host.Partner.Address + "health" } })).ReadJsonAsync();

        answer.GetProperty("result").GetProperty("body").GetProperty("status").GetString().ShouldBe("Healthy");
        answer.GetProperty("accountId").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_call_the_egress_policy_refuses_is_a_bad_gateway_with_the_reason_and_is_audited_as_failed()
    {
        var owner = await platform.NewWorkspaceClientAsync();

        // A literal address: refused on the address itself, before any connection is made.
        var refused = await (await RunAsync(owner, "rest.request", new { input = new { url = "http://169.254.169.254/latest/meta-data" } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadGateway);

        refused.GetProperty("detail").GetString()!.ShouldContain("Blocked by the egress policy");
        (await AuditAsync(owner, "operation rest.request")).GetProperty("detail").GetString()!.ShouldStartWith("failed: Blocked by the egress policy");
    }

    [Fact]
    public async Task Unknown_invalid_or_mismatched_calls_are_refused_and_viewers_cannot_run_one()
    {
        var owner = await platform.NewWorkspaceClientAsync();

        await (await RunAsync(owner, "rest.request", new { input = new { } }, connector: "nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await RunAsync(owner, "rest.nope", new { input = new { } })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var invalid = await (await RunAsync(owner, "rest.request", new { input = new { method = "GET" } })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        invalid.GetProperty("errors").GetProperty("/input").EnumerateArray().ShouldNotBeEmpty();
        var noAccount = await (await RunAsync(owner, "listChannels", new { input = new { } }, connector: "slack")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        noAccount.GetProperty("errors").TryGetProperty("/accountId", out _).ShouldBeTrue();
        var unknownAccount = await (await RunAsync(owner, "rest.request", new { accountId = "acc-nope", input = new { url = "." } })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        unknownAccount.GetProperty("errors").TryGetProperty("/accountId", out _).ShouldBeTrue();
        await (await owner.PostAsync("/api/connectors/rest/operations/rest.request/run", new StringContent("{\"input\": 3}", System.Text.Encoding.UTF8, "application/json"), Cancel))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var key = (await (await owner.PostAsJsonAsync("/api/api-keys", new { name = "viewer", role = "viewer" }, Cancel)).ReadJsonAsync()).GetProperty("key").GetString()!;
        using var viewer = TestIdentity.WithApiKey(platform.Host.Address, key);
        viewer.DefaultRequestHeaders.Add("X-Workspace", owner.DefaultRequestHeaders.GetValues("X-Workspace").Single());
        await (await RunAsync(viewer, "rest.request", new { input = new { url = platform.Host.Partner.Address + "health" } })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}
