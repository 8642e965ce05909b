using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Modular.BuildingBlocks.Http;
using Modular.Testing;
using Modular.Tests.Runs;

namespace Modular.Tests.Platform;

/// <summary>Webhook URLs are built on the configured public address; the Host header a caller sends is checked, never echoed.</summary>
public sealed class PublicAddressTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> GetWebhookAsync(HttpClient client, Guid action, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/actions/{action}/webhook");
        if (host is not null) request.Headers.Host = host;
        return await client.SendAsync(request, Cancel);
    }

    [Fact]
    public async Task The_webhook_url_ignores_the_requests_host_header()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log('hook');");
        (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/webhook", new { enabled = true }, Cancel)).EnsureSuccessStatusCode();

        // An allowed name that is not the address the server listens on (127.0.0.1): the URL keeps the latter.
        var webhook = await (await GetWebhookAsync(runs.Http, action, $"localhost:{platform.Host.Address.Port}")).ReadJsonAsync();

        webhook.GetProperty("url").GetString()!.ShouldStartWith($"{platform.Host.Address}hooks/");
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:80")]
    [InlineData("127.0.0.1.evil.example")]
    public async Task A_host_name_outside_allowed_hosts_is_a_400_problem(string host)
    {
        var response = await GetWebhookAsync(platform.Client, Guid.NewGuid(), host);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task Loopback_names_are_allowed_by_default(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/library/types");
        request.Headers.Host = $"{host}:{platform.Host.Address.Port}";

        (await platform.Client.SendAsync(request, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_configured_public_base_url_is_used()
    {
        await using var host = await PlatformHost.StartAsync(new Dictionary<string, string?> { ["Platform:PublicBaseUrl"] = "https://hooks.example.com/modular" });
        var runs = new RunsClient(host.Client);
        var action = await runs.ActiveActionAsync("log('hook');");

        var webhook = await (await host.Client.PutAsJsonAsync($"/api/actions/{action}/webhook", new { enabled = true }, Cancel)).ReadJsonAsync();

        var url = webhook.GetProperty("url").GetString()!;
        url.ShouldStartWith("https://hooks.example.com/modular/hooks/");
        (await (await GetWebhookAsync(host.Client, action)).ReadJsonAsync()).GetProperty("url").GetString().ShouldBe(url);
        // The token path works on this host, whatever address the world reaches it at.
        (await host.Client.PostAsJsonAsync(new Uri(url).AbsolutePath.Replace("/modular", ""), new { }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/")]
    [InlineData("/relative")]
    [InlineData("https://example.com/?q=1")]
    public void A_malformed_public_base_url_stops_the_start(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PublicAddress.ConfigurationKey] = value }).Build();

        Should.Throw<InvalidOperationException>(() => PublicAddress.Configured(configuration)).Message.ShouldContain("Platform:PublicBaseUrl");
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080/")]
    [InlineData("http://[::]:8080", "http://localhost:8080/")]
    [InlineData("http://+:80", "http://localhost/")]
    [InlineData("https://*:8443", "https://localhost:8443/")]
    public void A_wildcard_listen_address_is_read_as_localhost(string address, string baseUrl)
    {
        PublicAddress.FromListenAddress(address).ToString().ShouldBe(baseUrl);
    }
}
