using System.Net.Http.Json;
using System.Text.Json;

namespace Modular.Tests.Agents;

/// <summary>Shortcuts over the agents API for a workspace-scoped client.</summary>
public sealed class AgentsClient(HttpClient client)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async Task<Guid> CreateAsync(string name = "Support agent") =>
        (await (await client.PostAsJsonAsync("/api/agents", new { name, description = "Answers customers" }, Cancel)).ReadJsonAsync()).GetProperty("id").GetGuid();

    public Task<HttpResponseMessage> AttachAsync(Guid agent, Guid action) => client.PutAsync($"/api/agents/{agent}/actions/{action}", null, Cancel);

    public Task<HttpResponseMessage> DetachAsync(Guid agent, Guid action) => client.DeleteAsync($"/api/agents/{agent}/actions/{action}", Cancel);

    public async Task<JsonElement> GetAsync(Guid agent) => await (await client.GetAsync($"/api/agents/{agent}", Cancel)).ReadJsonAsync();

    /// <summary>The actions the agent uses, in either setup, as the Agents module committed them.</summary>
    public async Task<IReadOnlyList<Guid>> ActionsInUseAsync(Guid agent)
    {
        var view = await GetAsync(agent);
        return [.. new[] { view.GetProperty("working"), view.GetProperty("published") }
            .Where(setup => setup.ValueKind == JsonValueKind.Object)
            .SelectMany(setup => setup.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("actionId").GetGuid()))
            .Distinct()];
    }
}
