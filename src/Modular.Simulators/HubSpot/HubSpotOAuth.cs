using Modular.Simulators.OAuth;

namespace Modular.Simulators.HubSpot;

/// <summary>
/// HubSpot's OAuth: the authorize page of app.hubspot.com under <c>/hubspot/app</c>, and api.hubapi.com's v1 token,
/// token-info and refresh-token endpoints under <c>/hubspot/api</c>.
/// </summary>
/// <remarks>
/// Token errors carry both spellings HubSpot sends since its 2026 move to RFC 6749 errors: <c>error</c> and
/// <c>error_description</c>, and the older <c>status</c> (BAD_AUTH_CODE, BAD_REFRESH_TOKEN, …) and <c>message</c>.
/// </remarks>
internal static class HubSpotOAuth
{
    public static readonly VendorProfile Vendor = new(
        Key: "hubspot",
        Name: "HubSpot",
        AccountNoun: "HubSpot account",
        IdentityLegend: "Choose an account",
        AuthorizePath: "/hubspot/app/oauth/authorize",
        ScopeSeparator: ' ',
        CarriedParameters: ["optional_scope"],
        RequiresResponseTypeCode: false,
        DefaultAccessTokenLifetime: TimeSpan.FromSeconds(1800),
        StaticToken: "demo-hubspot-token",
        // A private app's token with every CRM scope the simulated API checks.
        StaticTokenScopes:
        [
            "oauth", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.companies.write",
            "crm.objects.deals.read", "crm.objects.deals.write", "crm.objects.owners.read",
        ],
        Identities:
        [
            new("1001", "Acme (portal 1001)", "ada@acme.example", UserId: "2001", AccountId: "1001", AccountName: "Acme", Domain: "acme.example"),
            new("1002", "Globex (portal 1002)", "grace@globex.example", UserId: "2002", AccountId: "1002", AccountName: "Globex", Domain: "globex.example"),
        ],
        AccentColor: "#ff7a59");

    private const long AppId = 3001;

    public static void Map(IEndpointRouteBuilder app)
    {
        AuthorizeEndpoint.Map(app, Vendor);
        var api = app.MapGroup("/hubspot/api/oauth/v1");
        api.MapPost("/token", Token);
        api.MapGet("/access-tokens/{token}", AccessTokenInfo);
        api.MapGet("/refresh-tokens/{token}", RefreshTokenInfo);
        api.MapDelete("/refresh-tokens/{token}", (string token, TokenStore tokens) =>
            tokens.RemoveRefresh(Vendor, token) is null ? NotFound("The refresh token was not found.") : Results.NoContent());
    }

    private static async Task<IResult> Token(HttpRequest request, SimulatorSettings settings, AuthorizationCodes codes, TokenStore tokens)
    {
        var field = await Fields.FormAsync(request);
        var client = settings.Client(Vendor);
        var (clientId, secret) = ClientAuthentication.Read(request, field);
        switch (ClientAuthentication.Check(client, clientId, secret))
        {
            case ClientCheck.UnknownClient: return TokenError("BAD_CLIENT_ID", "invalid_client", "missing or unknown client id");
            case ClientCheck.BadSecret: return TokenError("BAD_CLIENT_SECRET", "invalid_client", "missing or invalid client secret");
        }

        switch (field("grant_type"))
        {
            case "authorization_code":
                var (outcome, grant) = codes.Redeem(Vendor, field("code"), client.ClientId, field("redirect_uri"), redirectRequired: true, field("code_verifier"));
                return outcome switch
                {
                    Redemption.Redeemed => Tokens(tokens, grant!, tokens.NewRefreshToken(grant!, Guid.NewGuid().ToString()).Value),
                    Redemption.RedirectMismatch => TokenError("BAD_REDIRECT_URI", "invalid_grant", "redirect_uri does not match the one the code was issued to"),
                    Redemption.VerifierMismatch => TokenError("BAD_CODE_VERIFIER", "invalid_grant", "code_verifier does not match the code_challenge"),
                    _ => TokenError("BAD_AUTH_CODE", "invalid_grant", "missing or unknown auth code"),
                };
            case "refresh_token":
                // HubSpot's refresh token does not rotate: the answer repeats the one sent.
                var refresh = tokens.FindRefresh(Vendor, field("refresh_token"), client.ClientId);
                return refresh is null
                    ? TokenError("BAD_REFRESH_TOKEN", "invalid_grant", "refresh token is invalid, expired or revoked")
                    : Tokens(tokens, refresh.Grant, refresh.Value);
            default:
                return TokenError("BAD_GRANT_TYPE", "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
        }
    }

    private static IResult Tokens(TokenStore tokens, Grant grant, string refreshToken)
    {
        var access = tokens.NewAccessToken(Vendor, grant);
        return Results.Json(new
        {
            access_token = access.Value,
            refresh_token = refreshToken,
            expires_in = access.ExpiresIn,
            token_type = "bearer",
            token_use = "access_token",
            hub_id = long.Parse(grant.Identity.AccountId),
            user_id = long.Parse(grant.Identity.UserId),
            scopes = grant.Scopes,
        });
    }

    private static IResult AccessTokenInfo(string token, TokenStore tokens)
    {
        var found = tokens.FindAccess(Vendor, token);
        if (found.State != AccessState.Active) return NotFound("The access token was not found, or it expired.");
        var identity = found.Grant!.Identity;
        return Results.Json(new
        {
            token,
            user = identity.Email,
            hub_domain = identity.Domain,
            scopes = found.Grant.Scopes,
            hub_id = long.Parse(identity.AccountId),
            app_id = AppId,
            expires_in = found.ExpiresIn,
            user_id = long.Parse(identity.UserId),
            token_type = "access",
            is_private_distribution = false,
        });
    }

    private static IResult RefreshTokenInfo(string token, SimulatorSettings settings, TokenStore tokens)
    {
        var refresh = tokens.FindRefresh(Vendor, token, settings.Client(Vendor).ClientId);
        if (refresh is null) return NotFound("The refresh token was not found.");
        var identity = refresh.Grant.Identity;
        return Results.Json(new
        {
            token,
            user = identity.Email,
            hub_domain = identity.Domain,
            scopes = refresh.Grant.Scopes,
            hub_id = long.Parse(identity.AccountId),
            client_id = refresh.Grant.ClientId,
            user_id = long.Parse(identity.UserId),
            token_type = "refresh",
        });
    }

    private static IResult TokenError(string status, string error, string message) =>
        Results.Json(new { status, message, error, error_description = message }, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>HubSpot's general error body (its docs: "treat all fields as optional").</summary>
    private static IResult NotFound(string message) =>
        Results.Json(new { status = "error", message, correlationId = Guid.NewGuid(), category = "OBJECT_NOT_FOUND" }, statusCode: StatusCodes.Status404NotFound);
}
