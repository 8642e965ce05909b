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
    private readonly WebApplication _app;

    private PartnerServer(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    /// <summary>The key <c>/private</c> accepts, as an <c>X-Api-Key</c> header or a bearer token.</summary>
    public const string ApiKey = "partner-api-key-0123456789";

    /// <summary>Every request received, as "METHOD /path?query".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

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
