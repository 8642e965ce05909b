using Microsoft.AspNetCore.WebUtilities;

namespace Modular.Simulators.OAuth;

/// <summary>
/// A vendor's authorize URL, the same for the three: GET shows the consent page, its form POSTs back to the same
/// path, and Allow or Deny sends the browser to the app's redirect_uri with a code or error=access_denied.
/// </summary>
internal static class AuthorizeEndpoint
{
    public static void Map(IEndpointRouteBuilder app, VendorProfile vendor)
    {
        app.MapGet(vendor.AuthorizePath, (HttpContext context, SimulatorSettings settings) =>
            Handle(context, vendor, settings, null, name => Fields.One(context.Request.Query[name])));
        app.MapPost(vendor.AuthorizePath, async (HttpContext context, SimulatorSettings settings, AuthorizationCodes codes) =>
        {
            if (!context.Request.HasFormContentType) return ConsentPage.Error(vendor, "The consent form was not sent.");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            return Handle(context, vendor, settings, codes, name => Fields.One(form[name]));
        });
    }

    private static IResult Handle(HttpContext context, VendorProfile vendor, SimulatorSettings settings, AuthorizationCodes? codes, Func<string, string?> field)
    {
        // Until the client and its redirect URI are known good, nothing may be sent anywhere: an error page it is.
        var client = settings.Client(vendor);
        var clientId = field("client_id");
        if (clientId != client.ClientId)
            return ConsentPage.Error(vendor, clientId is null ? "The request names no app (client_id is missing)." : $"No app has the client ID '{clientId}'.");
        var redirectUri = field("redirect_uri");
        if (redirectUri is null || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var redirect)
            || redirect.Scheme is not ("http" or "https") || redirectUri.Contains('#'))
            return ConsentPage.Error(vendor, redirectUri is null
                ? "The request names no redirect_uri."
                : $"The redirect_uri '{redirectUri}' is not an absolute http or https URL without a fragment.");

        // From here on a bad request goes back to the app, as RFC 6749 4.1.2.1 says.
        var state = field("state");
        if (vendor.RequiresResponseTypeCode && field("response_type") != "code")
            return Back(redirect, ("error", "unsupported_response_type"), ("error_description", "response_type must be code."), ("state", state));
        var challenge = field("code_challenge");
        if (challenge is not null && (field("code_challenge_method") != "S256" || !Pkce.IsValidChallenge(challenge)))
            return Back(redirect, ("error", "invalid_request"), ("error_description", "PKCE needs code_challenge_method=S256 and a 43-character code_challenge."), ("state", state));
        var scopes = vendor.SplitScopes(field("scope"));
        if (scopes.Count == 0)
            return Back(redirect, ("error", "invalid_scope"), ("error_description", "No scope was asked for."), ("state", state));

        // The GET (nothing to issue yet) shows the page; the form's POST carries the user's answer.
        if (codes is null)
        {
            var carried = VendorProfile.CommonParameters.Concat(vendor.CarriedParameters)
                .Select(name => (name, value: field(name)))
                .Where(pair => pair.value is not null)
                .Select(pair => KeyValuePair.Create(pair.name, pair.value!));
            return ConsentPage.Render(vendor, client, context.Request.PathBase + context.Request.Path, redirect, scopes, carried);
        }

        var decision = field("decision");
        if (decision == "deny")
            return Back(redirect, ("error", "access_denied"), ("error_description", "The user denied access."), ("state", state));
        var identity = vendor.Identities.FirstOrDefault(candidate => candidate.Key == field("identity"));
        if (decision != "allow" || identity is null)
            return ConsentPage.Error(vendor, "The consent form came back without a choice of Allow or Deny and of an identity.");
        var code = codes.Issue(new CodeRequest(vendor.Key, client.ClientId, redirectUri, challenge, scopes, identity, Offline: field("access_type") == "offline"));
        return Back(redirect, ("code", code), ("state", state));
    }

    /// <summary>A 302 to the app's redirect URI, its own query kept, with the given parameters added (absent ones left out).</summary>
    private static IResult Back(Uri redirect, params (string Name, string? Value)[] parameters) =>
        Results.Redirect(QueryHelpers.AddQueryString(
            redirect.AbsoluteUri,
            parameters.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Name, p.Value))));
}
