using Modular.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Net;

namespace Modular.Tests.Actions;

public sealed class CreateActionTests(PlatformFixture platform)
{
    private async Task<ActionsClient> Workspace() => new(await platform.NewWorkspaceClientAsync());

    [Fact]
    public async Task Confirm_creates_a_draft_with_its_sop_code_and_history()
    {
        var actions = await Workspace();
        var response = await actions.CreateAsync(new
        {
            templateId = "rest.send-to-webhook",
            name = "  Notify orders ",
            intent = "Send each new order to the order service",
            intentFields = new { recipient = "Order service" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
        var action = await response.ReadJsonAsync();
        action.GetProperty("name").GetString().ShouldBe("Notify orders");
        action.GetProperty("state").GetString().ShouldBe("draft");
        action.GetProperty("version").GetInt32().ShouldBe(1);
        action.GetProperty("templateVersion").GetString().ShouldBe("1.0.0");
        action.GetProperty("connectorId").GetString().ShouldBe("rest");
        action.GetProperty("description").GetString()!.ShouldStartWith("Send each new order to the order service");
        action.GetProperty("description").GetString()!.ShouldContain("(Order service)");
        action.GetProperty("code").GetString()!.ShouldContain("const config = {}");
        action.GetProperty("code").GetString()!.ShouldContain("rest.request(");
        response.Headers.Location!.ToString().ShouldBe($"/api/actions/{action.GetProperty("id").GetGuid()}");

        var history = await (await actions.Http.GetAsync($"/api/actions/{action.GetProperty("id").GetGuid()}/history", TestContext.Current.CancellationToken)).ReadJsonAsync();
        history.EnumerateArray().Single().GetProperty("kind").GetString().ShouldBe("created");
        history[0].GetProperty("by").GetString().ShouldBe(TestIdentity.OwnerEmail);
    }

    [Fact]
    public async Task New_action_starts_from_the_template_defaults()
    {
        var actions = await Workspace();
        var action = await (await actions.CreateAsync(new { templateId = "rest.call-api", name = "Ping", intent = "Check the API" })).ReadJsonAsync();

        action.GetProperty("configuration").GetProperty("method").GetString().ShouldBe("GET");
        action.GetProperty("configuration").GetProperty("failOnError").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Missing_fields_and_unknown_template_are_reported_all_at_once()
    {
        var actions = await Workspace();

        var noTemplate = await actions.CreateAsync(new { templateId = "rest.nope", name = "" });
        var problem = await noTemplate.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").GetProperty("/templateId")[0].GetString()!.ShouldContain("rest.nope");
        problem.GetProperty("errors").TryGetProperty("/name", out _).ShouldBeTrue();

        var missing = await actions.CreateAsync(new { templateId = "rest.send-to-webhook", name = " ", intent = "" });
        var errors = (await missing.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        errors.TryGetProperty("/name", out _).ShouldBeTrue();
        errors.TryGetProperty("/intent", out _).ShouldBeTrue();

        (await actions.ListAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task Intent_fields_of_the_wrong_type_unknown_or_oversize_are_refused()
    {
        var actions = await Workspace();

        var response = await actions.CreateAsync(new
        {
            templateId = "rest.send-to-webhook",
            name = new string('n', 201),
            intent = new string('i', 5001),
            intentFields = new { recipient = 42, colour = "blue" },
        });

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        errors.GetProperty("/name")[0].GetString()!.ShouldContain("200");
        errors.GetProperty("/intent")[0].GetString()!.ShouldContain("5,000");
        errors.GetProperty("/intentFields/recipient")[0].GetString()!.ShouldContain("text");
        errors.GetProperty("/intentFields/colour")[0].GetString()!.ShouldContain("not a field");
    }

    [Fact]
    public async Task An_unknown_account_or_one_of_another_connector_is_refused()
    {
        var workspaceClient = await platform.NewWorkspaceClientAsync();
        var actions = new ActionsClient(workspaceClient);
        var workspace = workspaceClient.DefaultRequestHeaders.GetValues("X-Workspace").Single();
        await SeedAccountAsync(workspace, "slack-team", "slack");
        await SeedAccountAsync("dev", "dev-rest-account", "rest");

        var wrongConnector = await actions.CreateAsync(new { templateId = "rest.call-api", name = "A", intent = "B", accountId = "slack-team" });
        (await wrongConnector.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))
            .GetProperty("errors").GetProperty("/accountId")[0].GetString()!.ShouldContain("'slack' connector");

        // An account of another workspace answers exactly like one that does not exist.
        var otherWorkspace = await actions.CreateAsync(new { templateId = "rest.call-api", name = "A", intent = "B", accountId = "dev-rest-account" });
        (await otherWorkspace.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))
            .GetProperty("errors").GetProperty("/accountId")[0].GetString()!.ShouldContain("No connected account");
    }

    private async Task SeedAccountAsync(string workspace, string id, string connector)
    {
        // Accounts have no API yet (their issue comes later); the document is what the check reads.
        var store = platform.Host.Services.GetRequiredService<Marten.IDocumentStore>();
        await using var session = store.LightweightSession(workspace);
        session.Store(new Modular.Accounts.Domain.ConnectedAccount { Id = id, ConnectorId = connector, DisplayName = id, ConnectedAt = DateTimeOffset.UtcNow });
        await session.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Recent_lists_the_templates_this_workspace_used_most_recently()
    {
        var client = await platform.NewWorkspaceClientAsync();
        var actions = new ActionsClient(client);
        await actions.CreateAsync(new { templateId = "rest.fetch-json", name = "First", intent = "Fetch" });
        await Task.Delay(50, TestContext.Current.CancellationToken);
        await actions.CreateAsync(new { templateId = "rest.call-api", name = "Second", intent = "Call" });

        List<string?> recent = [];
        for (var i = 0; i < 50 && recent.Count < 2; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            var list = await (await client.GetAsync("/api/library/templates?recent=true", TestContext.Current.CancellationToken)).ReadJsonAsync();
            recent = list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        }

        recent.ShouldBe(["rest.call-api", "rest.fetch-json"]);
        var otherWorkspace = await platform.NewWorkspaceClientAsync();
        var others = await (await otherWorkspace.GetAsync("/api/library/templates?recent=true", TestContext.Current.CancellationToken)).ReadJsonAsync();
        others.GetProperty("total").GetInt32().ShouldBe(0);
    }
}
