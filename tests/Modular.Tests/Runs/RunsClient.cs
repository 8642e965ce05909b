using System.Net.Http.Json;
using System.Text.Json;
using Modular.Tests.Actions;

namespace Modular.Tests.Runs;

public sealed class RunsClient(HttpClient client)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public HttpClient Http => client;
    public ActionsClient Actions { get; } = new(client);

    /// <summary>A published, active action whose code is <paramref name="code"/>.</summary>
    public async Task<Guid> ActiveActionAsync(string code, string name = "Scripted")
    {
        var action = await Actions.CreatePublishedActionAsync(name);
        var id = action.GetProperty("id").GetGuid();
        var version = action.GetProperty("version").GetInt32();
        (await Actions.PutAsync(id, "state", new { state = "active", version })).EnsureSuccessStatusCode();
        (await Actions.PutAsync(id, "code", new { code, version = version + 1 })).EnsureSuccessStatusCode();
        return id;
    }

    public Task<HttpResponseMessage> StartAsync(Guid actionId, object? input = null) =>
        input is null
            ? client.PostAsync($"/api/actions/{actionId}/runs", null, Cancel)
            : client.PostAsJsonAsync($"/api/actions/{actionId}/runs", input, Cancel);

    public async Task<Guid> StartRunAsync(Guid actionId, object? input = null) =>
        (await (await StartAsync(actionId, input)).ReadJsonAsync()).GetProperty("runId").GetGuid();

    public async Task<JsonElement> GetAsync(Guid runId) => await (await client.GetAsync($"/api/runs/{runId}", Cancel)).ReadJsonAsync();

    public async Task<JsonElement> WaitForStatusAsync(Guid runId, params string[] statuses)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var run = await GetAsync(runId);
            if (statuses.Contains(run.GetProperty("status").GetString()) || DateTime.UtcNow > deadline) return run;
            await Task.Delay(25, Cancel);
        }
    }

    public Task<JsonElement> WaitForEndAsync(Guid runId) => WaitForStatusAsync(runId, "succeeded", "failed", "stopped", "rejected");

    public async Task<Guid> RunToEndAsync(string code, object? input = null) =>
        (await WaitForEndAsync(await StartRunAsync(await ActiveActionAsync(code), input))).GetProperty("id").GetGuid();
}
