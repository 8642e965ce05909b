using System.Net;
using System.Net.Http.Json;

namespace Modular.Tests.Connectors;

/// <summary>An account serves its own connector only: neither an action of another connector nor another connector's operations get it.</summary>
public sealed class AccountOfAnotherConnectorTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_action_is_refused_an_account_of_another_connector()
    {
        var kit = await ConnectorTestKit.StartAsync(platform);
        var wati = await kit.ConnectTokenAccountAsync("wati", new { endpoint = platform.Host.Simulators.Address + "wati/1001", token = "demo-wati-token" }, "Acme WhatsApp");

        var refused = await (await kit.Client.PostAsJsonAsync("/api/actions", new
        {
            templateId = "pipes.move-card",
            name = "Move with a WhatsApp account",
            intent = "Move cards",
            accountId = wati,
        }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        refused.GetProperty("errors").GetProperty("/accountId")[0].GetString()
            .ShouldBe("The account 'Acme WhatsApp' belongs to the 'wati' connector; this action needs a 'pipes' account.");
        (await (await kit.Client.GetAsync("/api/actions", Cancel)).ReadJsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task A_script_calling_another_connectors_operation_gets_no_account_and_nothing_is_sent()
    {
        var kit = await ConnectorTestKit.StartAsync(platform);
        var pipes = await kit.ConnectTokenAccountAsync("pipes", new { token = "demo-pipefy-token" }, "Acme on Pipefy");
        var action = await kit.ActiveActionAsync("pipes.move-card", pipes, new { pipeId = "301101", destinationPhaseId = "302103", cardIdField = "cardId" }, new { when = "Now" });
        await kit.EditCodeAsync(action, _ => """await wati.sendSessionMessage({ whatsappNumber: "447700900001", messageText: "hello" });""");
        var before = await kit.VendorRequestsAsync("wati", "/wati/");

        var run = await kit.RunAsync(action);

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("needs a connected Wati account");
        (await kit.VendorRequestsAsync("wati", "/wati/")).ShouldBe(before);
    }
}
