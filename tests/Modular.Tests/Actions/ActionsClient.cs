using System.Net.Http.Json;
using System.Text.Json;

namespace Modular.Tests.Actions;

/// <summary>Shortcuts over the actions API for a workspace-scoped client.</summary>
public sealed class ActionsClient(HttpClient client)
{
    public HttpClient Http => client;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public Task<HttpResponseMessage> CreateAsync(object body) => client.PostAsJsonAsync("/api/actions", body, Cancel);

    public async Task<JsonElement> CreateWebhookActionAsync(string name = "Notify orders") =>
        await (await CreateAsync(new
        {
            templateId = "rest.send-to-webhook",
            name,
            intent = "Send each new order to the order service",
            intentFields = new { recipient = "Order service" },
        })).ReadJsonAsync();

    public async Task<JsonElement> CreatePublishedActionAsync(string name = "Published")
    {
        var action = await CreateWebhookActionAsync(name);
        var id = action.GetProperty("id").GetGuid();
        var configured = await (await ConfigureAsync(id, 1, Complete)).ReadJsonAsync();
        return await (await PublishAsync(id, configured.GetProperty("version").GetInt32())).ReadJsonAsync();
    }

    public static readonly object Complete = new { url = "https://example.com/hook", payload = "{\"email\": \"{{ input.email }}\"}" };

    public Task<HttpResponseMessage> GetAsync(Guid id) => client.GetAsync($"/api/actions/{id}", Cancel);

    public async Task<JsonElement> GetJsonAsync(Guid id) => await (await GetAsync(id)).ReadJsonAsync();

    public Task<HttpResponseMessage> ConfigureAsync(Guid id, int version, object configuration) =>
        client.PutAsJsonAsync($"/api/actions/{id}/configuration", new { configuration, version }, Cancel);

    public Task<HttpResponseMessage> PublishAsync(Guid id, int version) =>
        client.PostAsJsonAsync($"/api/actions/{id}/publish", new { version }, Cancel);

    public Task<HttpResponseMessage> PutAsync(Guid id, string what, object body) =>
        client.PutAsJsonAsync($"/api/actions/{id}/{what}", body, Cancel);

    /// <summary>DELETE with <c>If-Match</c> naming <paramref name="version"/>.</summary>
    public Task<HttpResponseMessage> DeleteAsync(Guid id, int version) => client.SendAsync(WithVersion(HttpMethod.Delete, $"/api/actions/{id}", version), Cancel);

    /// <summary>DELETE based on the version stored now (any version when the action cannot be read).</summary>
    public async Task<HttpResponseMessage> DeleteLatestAsync(Guid id)
    {
        var current = await GetAsync(id);
        var version = current.IsSuccessStatusCode ? (await current.ReadJsonAsync()).GetProperty("version").GetInt32() : 1;
        return await DeleteAsync(id, version);
    }

    public static HttpRequestMessage WithVersion(HttpMethod method, string path, int version)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
        return request;
    }

    /// <summary>The agents the action's usage record names (its <c>usedBy</c>).</summary>
    public async Task<IReadOnlyList<string>> UsersAsync(Guid id) =>
        [.. (await GetJsonAsync(id)).GetProperty("usedBy").EnumerateArray().Select(u => u.GetProperty("agentId").GetString()!).Order()];

    /// <summary>
    /// Waits until the usage record names exactly these agents: it follows the agents' committed
    /// changes through messages, a moment after the change's response.
    /// </summary>
    public async Task WaitForUsersAsync(Guid id, IEnumerable<string> agentIds, TimeSpan? timeout = null)
    {
        var expected = agentIds.Order().ToList();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var users = await UsersAsync(id);
        while (!users.SequenceEqual(expected) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Cancel);
            users = await UsersAsync(id);
        }
        users.ShouldBe(expected, $"the agents using {id}");
    }

    public async Task<JsonElement> ListAsync(string query = "") => await (await client.GetAsync("/api/actions" + query, Cancel)).ReadJsonAsync();
}
