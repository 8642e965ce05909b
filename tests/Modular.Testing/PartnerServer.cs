using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Modular.Testing;

/// <summary>
/// A third-party HTTP server on loopback for scripts to call: the test host's egress policy allows
/// exactly its address and port (<c>Egress:Allow</c>), as an operator would allow a partner's.
/// </summary>
public sealed class PartnerServer : IAsyncDisposable
{
    /// <summary>A 1×1 PNG, answered at <c>/chart.png</c>: a binary body.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private readonly WebApplication _app;

    private PartnerServer(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    /// <summary>The key <c>/private</c> accepts, as an <c>X-Api-Key</c> header or a bearer token.</summary>
    public const string ApiKey = "partner-api-key-0123456789";

    /// <summary>Every request received, as "METHOD /path?query".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private readonly ConcurrentDictionary<string, (TaskCompletionSource Arrived, TaskCompletionSource Open)> _gates = new();

    /// <summary>How many requests <c>/flaky/{key}</c> has received.</summary>
    public int AttemptsOf(string key) => _attempts.GetValueOrDefault(key);

    private (TaskCompletionSource Arrived, TaskCompletionSource Open) Gate(string key) =>
        _gates.GetOrAdd(key, _ => (new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously)));

    /// <summary>Completes when a request reaches <c>/gate/{key}</c>, which then waits for <see cref="OpenGate"/>.</summary>
    public Task GateReached(string key) => Gate(key).Arrived.Task;

    public void OpenGate(string key) => Gate(key).Open.TrySetResult();

    public static async Task<PartnerServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        PartnerServer? server = null;
        app.Use(async (context, next) =>
        {
            server?.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            await next(context);
        });
        app.MapGet("/health", () => Results.Json(new { status = "Healthy" }));
        app.MapGet("/chart.png", () => Results.Bytes(Png, "image/png"));
        // An API that wants a key, and answers 401 like one without it.
        app.MapGet("/private", (HttpRequest request) =>
            request.Headers["X-Api-Key"] == ApiKey || request.Headers.Authorization == $"Bearer {ApiKey}"
                ? Results.Json(new { orders = 3 })
                : Results.Json(new { error = "invalid key" }, statusCode: StatusCodes.Status401Unauthorized));
        app.MapPost("/echo", async (HttpRequest request) => Results.Text(await new StreamReader(request.Body).ReadToEndAsync(), request.ContentType));
        // A redirect to wherever the test says: redirects are checked against the policy at every hop.
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        // A body of the given size, streamed without a Content-Length.
        app.MapGet("/large", async (long bytes, HttpResponse response) =>
        {
            response.ContentType = "text/plain";
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (long sent = 0; sent < bytes; sent += chunk.Length)
                await response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - sent)));
        });
        // Answers `status` (with Retry-After when given) to the first `fail` requests of a key, then 200 with the count.
        app.MapMethods("/flaky/{key}", ["GET", "POST"], (string key, int fail, int status, int? retryAfter, HttpResponse response) =>
        {
            var attempt = server!._attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (attempt > fail) return Results.Json(new { attempts = attempt });
            if (retryAfter is { } seconds) response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new { error = "try later", attempts = attempt }, statusCode: status);
        });
        // Holds the request until the test opens the gate: a run waits here while the test changes the world.
        app.MapGet("/gate/{key}", async (string key) =>
        {
            var gate = server!.Gate(key);
            gate.Arrived.TrySetResult();
            await gate.Open.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return Results.Json(new { opened = key });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new PartnerServer(app, new Uri(address + "/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
