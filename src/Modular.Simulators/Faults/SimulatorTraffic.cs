using System.Diagnostics;
using System.Text;

namespace Modular.Simulators.Faults;

/// <summary>
/// Every request to a vendor (any path but <c>/_simulator</c> and <c>/health</c>; the vendor is the path's first
/// segment) passes here: it is logged, and gets the first injected fault that matches it, if any, in the vendor's
/// own error shape (<see cref="IVendorFaults"/>).
/// </summary>
internal sealed class SimulatorTraffic(RequestDelegate next, FaultStore faults, RequestLog log, IEnumerable<IVendorFaults> vendors)
{
    /// <summary>A JSON body cut off mid-way, as a dropped connection or a broken proxy leaves it.</summary>
    private static readonly byte[] MalformedBody = Encoding.UTF8.GetBytes("{\"results\":[{\"id\":\"1\",\"properties\":{\"email\":\"ada@acme.exa");

    private readonly Dictionary<string, IVendorFaults> _vendors = vendors.ToDictionary(vendor => vendor.Vendor, StringComparer.OrdinalIgnoreCase);

    public static string? VendorOf(PathString path)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value) || value == "/") return null;
        var end = value.IndexOf('/', 1);
        var first = (end < 0 ? value[1..] : value[1..end]).ToLowerInvariant();
        return first is "_simulator" or "health" or "favicon.ico" ? null : first;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (VendorOf(context.Request.Path) is not { } vendor)
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var fault = faults.Take(vendor, context.Request.Method, context.Request.Path.Value ?? "");
        int? status = null;
        try
        {
            if (fault is null) await next(context);
            else await ApplyAsync(fault, vendor, context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (a slow fault it would not wait for): nothing is left waiting for it.
            status = StatusCodes.Status499ClientClosedRequest;
        }
        catch
        {
            status = StatusCodes.Status500InternalServerError;
            throw;
        }
        finally
        {
            if (status is null && context.RequestAborted.IsCancellationRequested) status = StatusCodes.Status499ClientClosedRequest;
            log.Add(context, vendor, status ?? context.Response.StatusCode, fault?.Id, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private async Task ApplyAsync(FaultRule fault, string vendor, HttpContext context)
    {
        var errors = _vendors.GetValueOrDefault(vendor) ?? new GenericVendorFaults(vendor);
        switch (fault.Kind)
        {
            case FaultKind.Slow:
                await Task.Delay(fault.DelayMs, context.RequestAborted);
                await next(context);
                return;
            case FaultKind.Malformed:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.Body.WriteAsync(MalformedBody, context.RequestAborted);
                return;
            case FaultKind.RateLimit:
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await errors.RateLimited(context, fault.RetryAfterSeconds).ExecuteAsync(context);
                return;
            default:
                await errors.ServerError(context, fault.Status).ExecuteAsync(context);
                return;
        }
    }
}

/// <summary>The test-only routes of fault injection and the request log, under <c>/_simulator</c>.</summary>
internal static class SimulatorTrafficAdmin
{
    public static IServiceCollection AddSimulatorTraffic(this IServiceCollection services) =>
        services.AddSingleton<FaultStore>().AddSingleton<RequestLog>();

    public static IApplicationBuilder UseSimulatorTraffic(this IApplicationBuilder app) => app.UseMiddleware<SimulatorTraffic>();

    public static void Map(IEndpointRouteBuilder app)
    {
        var faults = app.MapGroup("/_simulator/faults");
        faults.MapPost("", (FaultRequest request, FaultStore store) =>
        {
            var (rule, error) = store.Add(request);
            return rule is null
                ? Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest)
                : Results.Json(new { id = rule.Id, fault = rule.Describe() }, statusCode: StatusCodes.Status201Created);
        });
        faults.MapGet("", (FaultStore store) => Results.Json(new { faults = store.List().Select(rule => rule.Describe()) }));
        faults.MapDelete("", (FaultStore store) => Results.Json(new { cleared = store.Clear() }));
        faults.MapDelete("/{id}", (string id, FaultStore store) =>
            store.Remove(id) ? Results.NoContent() : Results.Json(new { error = $"No fault has the id '{id}'." }, statusCode: StatusCodes.Status404NotFound));

        var requests = app.MapGroup("/_simulator/requests");
        requests.MapGet("", (RequestLog log, string? vendor, string? pathContains, int? take) =>
            Results.Json(new { requests = log.Last(vendor, pathContains, Math.Clamp(take ?? 50, 1, 2000)) }));
        requests.MapDelete("", (RequestLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        });
    }
}
