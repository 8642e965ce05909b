using Modular.Simulators.OAuth;

namespace Modular.Simulators.Tenants;

/// <summary>
/// Who is calling a vendor's data API: the grant behind the request's access token, OAuth-issued or the vendor's
/// static demo token (which stands for the vendor's first demo identity).
/// </summary>
internal sealed record ApiCaller(Grant Grant, string Token)
{
    public DemoIdentity Identity => Grant.Identity;

    /// <summary>Whose data the request sees: a HubSpot portal, a Slack workspace, a Google user.</summary>
    public string TenantKey => Grant.Identity.AccountId;

    public bool HasScope(string scope) => Grant.Scopes.Contains(scope, StringComparer.Ordinal);
}

internal static class ApiAuthentication
{
    private static readonly object CallerKey = new();

    /// <summary>
    /// Every endpoint of the group resolves its access token (<c>Authorization: Bearer</c>, or what
    /// <paramref name="token"/> reads) to an <see cref="ApiCaller"/> before its handler runs; a missing, unknown, expired
    /// or revoked token gets the vendor's own refusal from <paramref name="refuse"/> and never reaches the handler.
    /// </summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder, VendorProfile vendor,
        Func<HttpContext, AccessLookup, IResult> refuse, Func<HttpRequest, string?>? token = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var value = (token ?? Fields.Bearer)(http.Request);
            var found = http.RequestServices.GetRequiredService<TokenStore>().FindAccess(vendor, value);
            if (found.State != AccessState.Active) return refuse(http, found);
            http.Items[CallerKey] = new ApiCaller(found.Grant!, value!);
            return await next(invocation);
        });

    /// <summary>The caller <see cref="RequireCaller"/> resolved for this request.</summary>
    public static ApiCaller Caller(this HttpContext context) =>
        context.Items[CallerKey] as ApiCaller ?? throw new InvalidOperationException("The endpoint has no RequireCaller filter.");
}
