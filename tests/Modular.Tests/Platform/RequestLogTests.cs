using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Modular.Testing;
using Serilog.Core;
using Serilog.Events;

namespace Modular.Tests.Platform;

/// <summary>A host of its own whose log events are captured.</summary>
public sealed class RequestLogHost : IAsyncLifetime
{
    private PlatformHost? _host;

    public CapturingSink Log { get; } = new();
    public PlatformHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async ValueTask InitializeAsync() =>
        _host = await PlatformHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" },
            configureServices: services => services.AddSingleton<ILogEventSink>(Log));

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}

/// <summary>A caller's mistake is logged as the 4xx it is answered, as information, without a stack trace or SQL.</summary>
public sealed class RequestLogTests(RequestLogHost platform) : IClassFixture<RequestLogHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private PlatformHost Host => platform.Host;
    private CapturingSink Log => platform.Log;

    public static TheoryData<string, string, string?, int> ClientErrors => new()
    {
        { "POST", "/api/agents", "{\"name\": ", 400 },
        { "PUT", "/api/actions/00000000-0000-0000-0000-000000000001/name", "[1, 2", 400 },
        { "GET", "/api/agents?page=abc", null, 400 },
        { "GET", "/api/library/templates?recent=maybe", null, 400 },
        { "GET", "/api/agents?page=2147483647", null, 422 },
        { "GET", "/api/runs/00000000-0000-0000-0000-000000000001", null, 404 },
        { "POST", "/api/workspaces", "{\"id\": \"main\", \"name\": \"Again\"}", 403 },
        { "DELETE", "/api/agents/00000000-0000-0000-0000-000000000001", null, 428 },
    };

    [Theory]
    [MemberData(nameof(ClientErrors))]
    public async Task A_client_error_isLogged_as_its_status_at_information_without_an_exception(string method, string path, string? body, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Add("X-Request-Tag", Guid.NewGuid().ToString("N"));

        var response = await Host.Client.SendAsync(request, Cancel);
        await response.ShouldBeProblemAsync((HttpStatusCode)status);

        var entry = await Log.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("HTTP", StringComparison.Ordinal)
            && e.Properties.TryGetValue("RequestPath", out var p) && p.ToString().Trim('"') == path.Split('?')[0]
            && e.Properties.TryGetValue("StatusCode", out var s) && s.ToString() == status.ToString());
        entry.Level.ShouldBe(LogEventLevel.Information);
        entry.Exception.ShouldBeNull();
        entry.RenderMessage().ShouldContain($"responded {status}");

        // Nothing else about the request was an error, a stack trace or a statement with its parameters.
        var requestId = entry.Properties["RequestId"].ToString();
        var related = Log.Events.Where(e => e.Properties.TryGetValue("RequestId", out var id) && id.ToString() == requestId).ToList();
        related.ShouldAllBe(e => e.Level < LogEventLevel.Warning && e.Exception == null, string.Join("\n", related.Select(e => e.RenderMessage())));
        related.ShouldAllBe(e => !e.RenderMessage().Contains("$1") && !e.RenderMessage().Contains("select ", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_bad_request_isLogged_with_what_could_not_be_read()
    {
        using var body = new StringContent("{\"name\": ", Encoding.UTF8, "application/json");
        var earlier = Log.Events.Count;
        await (await Host.Client.PostAsync("/api/agents", body, Cancel)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        // The other tests of this class log 400s too: only what this request logged counts.
        var entry = await Log.WaitForAsync(e => e.Properties.ContainsKey("Problem"), after: earlier);
        entry.Properties["Problem"].ToString().ShouldContain("from the request body as JSON");
    }

    [Fact]
    public async Task A_success_isLogged_at_information()
    {
        (await Host.Client.PostAsJsonAsync("/api/agents", new { name = "Logged" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var entry = await Log.WaitForAsync(e => e.Properties.TryGetValue("StatusCode", out var s) && s.ToString() == "201");
        entry.Level.ShouldBe(LogEventLevel.Information);
    }
}

/// <summary>Keeps every log event, to assert on.</summary>
public sealed class CapturingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <param name="after">How many events to pass over (those logged before the request of interest).</param>
    public async Task<LogEvent> WaitForAsync(Func<LogEvent, bool> match, int after = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (_events.Skip(after).FirstOrDefault(match) is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new ShouldAssertException("No such log event; logged:\n" + string.Join("\n", _events.Select(e => $"{e.Level} {e.RenderMessage()}")));
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
