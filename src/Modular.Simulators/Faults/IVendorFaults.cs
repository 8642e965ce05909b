namespace Modular.Simulators.Faults;

/// <summary>
/// A vendor's own error answers for the faults tests inject (<c>POST /_simulator/faults</c>), so that a connector
/// under test sees exactly what the vendor would send. Register one per vendor:
/// <c>services.AddSingleton&lt;IVendorFaults, MyVendorFaults&gt;()</c>; a vendor without one gets
/// <see cref="GenericVendorFaults"/>.
/// </summary>
internal interface IVendorFaults
{
    /// <summary>The vendor's key: the first segment of its paths (<c>/hubspot/…</c> is <c>hubspot</c>).</summary>
    string Vendor { get; }

    /// <summary>A 429's body; the middleware adds the <c>Retry-After</c> header.</summary>
    IResult RateLimited(HttpContext context, int retryAfterSeconds);

    /// <summary>A 5xx answer (500, 502, 503 for <c>unavailable</c>, 504, …).</summary>
    IResult ServerError(HttpContext context, int status);
}

/// <summary>The shape a vendor without its own <see cref="IVendorFaults"/> answers with: <c>{"error":{"code","message"}}</c>.</summary>
internal sealed class GenericVendorFaults(string vendor) : IVendorFaults
{
    public string Vendor { get; } = vendor;

    public IResult RateLimited(HttpContext context, int retryAfterSeconds) =>
        Results.Json(new { error = new { code = 429, message = "Too many requests." } }, statusCode: StatusCodes.Status429TooManyRequests);

    public IResult ServerError(HttpContext context, int status) =>
        Results.Json(new { error = new { code = status, message = status == 503 ? "Service unavailable." : "Internal server error." } }, statusCode: status);
}

/// <summary>A vendor whose error answers are written by one function of its own (status, Retry-After seconds).</summary>
internal sealed class WrittenVendorFaults(string vendor, Func<HttpContext, int, int, Task> write) : IVendorFaults
{
    public string Vendor { get; } = vendor;

    public IResult RateLimited(HttpContext context, int retryAfterSeconds) => new Written(write, StatusCodes.Status429TooManyRequests, retryAfterSeconds);

    public IResult ServerError(HttpContext context, int status) => new Written(write, status, 0);

    private sealed class Written(Func<HttpContext, int, int, Task> write, int status, int retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => write(httpContext, status, retryAfter);
    }
}
