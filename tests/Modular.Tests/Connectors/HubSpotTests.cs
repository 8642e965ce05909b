using System.Text.Json;
using Modular.Tests.Runs;
using Modular.Tests.Simulators;
using static Modular.Tests.Connectors.ConnectorFlow;

namespace Modular.Tests.Connectors;

/// <summary>The HubSpot connector's templates run against the local HubSpot portal the account was connected to.</summary>
public sealed class HubSpotTests(PlatformFixture platform)
{
    private const string Acme = "Acme (portal 1001)";

    private async Task<RunsClient> Workspace() => new(await platform.NewWorkspaceClientAsync());

    private async Task<JsonElement> PortalAsync(HttpMethod method, string path, object? body = null)
    {
        using var http = OAuthFlow.Client(platform.Host.Simulators);
        // The static token is portal 1001's, as the account connected as Acme.
        return await http.JsonAsync(method, "hubspot/api/" + path, "demo-hubspot-token", body);
    }

    private static string NewEmail() => $"ops-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task Create_a_contact_creates_it_in_the_portal_and_a_second_run_updates_it()
    {
        var runs = await Workspace();
        var accountId = await ConnectOAuthAsync(platform, runs.Http, "hubspot", Acme);
        var actionId = await ActiveActionAsync(runs, "hubspot.create-contact", accountId, new { updateExisting = true });
        var email = NewEmail();

        var (first, _) = await RunAsync(runs, actionId, new { email, firstname = "Ada", lastname = "Lovelace" });
        var (second, events) = await RunAsync(runs, actionId, new { email, firstname = "Ada", lastname = "King" });

        first.GetProperty("status").GetString().ShouldBe("succeeded", first.ToString());
        second.GetProperty("status").GetString().ShouldBe("succeeded", second.ToString());
        Logs(events).ShouldContain(l => l.StartsWith("Updated contact ", StringComparison.Ordinal));
        var contact = await PortalAsync(HttpMethod.Get, $"crm/v3/objects/contacts/{Uri.EscapeDataString(email)}?idProperty=email&properties=email,firstname,lastname");
        contact.GetProperty("properties").GetProperty("lastname").GetString().ShouldBe("King");
    }

    [Fact]
    public async Task Without_update_a_second_contact_with_the_same_email_fails_naming_HubSpots_conflict()
    {
        var runs = await Workspace();
        var accountId = await ConnectOAuthAsync(platform, runs.Http, "hubspot", Acme);
        var actionId = await ActiveActionAsync(runs, "hubspot.create-contact", accountId, new { updateExisting = false });
        var email = NewEmail();

        await RunAsync(runs, actionId, new { email });
        var (run, _) = await RunAsync(runs, actionId, new { email });

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldStartWith("hubspot.create failed: HubSpot answered 409 CONFLICT: Contact already exists.");
    }

    [Fact]
    public async Task Update_a_deal_stage_moves_the_deal_in_the_portal()
    {
        var runs = await Workspace();
        var accountId = await ConnectOAuthAsync(platform, runs.Http, "hubspot", Acme);
        using var http = OAuthFlow.Client(platform.Host.Simulators);
        var deal = await http.JsonAsync(HttpMethod.Post, "hubspot/api/crm/v3/objects/deals", "demo-hubspot-token",
            new { properties = new { dealname = "Test " + Guid.NewGuid(), amount = "100", dealstage = "appointmentscheduled", pipeline = "default" } }, System.Net.HttpStatusCode.Created);
        var dealId = deal.GetProperty("id").GetString();
        var actionId = await ActiveActionAsync(runs, "hubspot.update-deal-stage", accountId, new { stage = "closedwon" });

        var (run, _) = await RunAsync(runs, actionId, new { dealId });

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        (await PortalAsync(HttpMethod.Get, $"crm/v3/objects/deals/{dealId}?properties=dealstage")).GetProperty("properties").GetProperty("dealstage").GetString().ShouldBe("closedwon");
    }

    [Fact]
    public async Task The_weekly_sales_report_totals_the_deals_per_stage_in_a_document()
    {
        var runs = await Workspace();
        var accountId = await ConnectOAuthAsync(platform, runs.Http, "hubspot", Acme);
        var actionId = await ActiveActionAsync(runs, "hubspot.weekly-sales-report", accountId, new { pipeline = "default", currency = "EUR" });

        var (run, events) = await RunAsync(runs, actionId);

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var documents = events.Where(e => e.GetProperty("type").GetString() == "DocumentCreated").Select(e => e.GetProperty("data").GetProperty("name").GetString()).ToList();
        documents.ShouldBe(["sales-report.md", "sales-report.csv"]);
        Logs(events).Last().ShouldMatch(@"^Reported \d+ deals over \d+ stages$");
    }

    [Fact]
    public async Task An_access_token_refused_mid_run_is_refreshed_once_and_the_call_made_again()
    {
        var runs = await Workspace();
        var accountId = await ConnectOAuthAsync(platform, runs.Http, "hubspot", Acme);
        var gate = Guid.NewGuid().ToString("N");
        var actionId = await ActiveActionAsync(runs, "hubspot.create-contact", accountId, new { updateExisting = true });
        var code = $$"""
            await rest.request({ url: "{{platform.Host.Partner.Address}}gate/{{gate}}" });
            const page = await hubspot.search({ objectType: "contacts", limit: 1 });
            log("found", page.results.length);
            """;
        var action = await runs.Actions.GetJsonAsync(actionId);
        (await runs.Actions.PutAsync(actionId, "code", new { code, version = action.GetProperty("version").GetInt32() })).EnsureSuccessStatusCode();

        var runId = await runs.StartRunAsync(actionId);
        await platform.Host.Partner.GateReached(gate).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        // The run opened the account (and its token) before the gate: now every access token of the portal stops working.
        using (var http = OAuthFlow.Client(platform.Host.Simulators))
            (await http.PostAsync("_simulator/hubspot/expire-access-tokens", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        platform.Host.Partner.OpenGate(gate);
        var run = await runs.WaitForEndAsync(runId);

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var logs = Logs(await RunTests.EventsAsync(runs, runId));
        logs.Count(l => l.Contains("/crm/v3/objects/contacts/search → 401") && l.EndsWith("refreshing the account's access token", StringComparison.Ordinal)).ShouldBe(1);
        logs.ShouldContain(l => l.Contains("/crm/v3/objects/contacts/search → 200"));
        logs.Last().ShouldBe("found 1");
    }
}
