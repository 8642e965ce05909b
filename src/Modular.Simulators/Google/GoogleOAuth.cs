using System.Globalization;
using Modular.Simulators.OAuth;

namespace Modular.Simulators.Google;

/// <summary>
/// Google's OAuth 2.0 for web server apps: accounts.google.com's authorize page under <c>/google/accounts</c>, and
/// oauth2.googleapis.com's token, tokeninfo and revoke endpoints under <c>/google/oauth2</c>. No OpenID Connect:
/// the answers carry no id_token.
/// </summary>
internal static class GoogleOAuth
{
    public static readonly VendorProfile Vendor = new(
        Key: "google",
        Name: "Google",
        AccountNoun: "Google Account",
        IdentityLegend: "Choose an account",
        AuthorizePath: "/google/accounts/o/oauth2/v2/auth",
        ScopeSeparator: ' ',
        CarriedParameters: ["response_type", "access_type", "prompt", "include_granted_scopes", "login_hint"],
        RequiresResponseTypeCode: true,
        DefaultAccessTokenLifetime: TimeSpan.FromSeconds(3599),
        StaticToken: "demo-google-token",
        StaticTokenScopes: ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/userinfo.email"],
        Identities:
        [
            new("ada@acme.example", "ada@acme.example", "ada@acme.example", UserId: "110000000000000000001", AccountId: "110000000000000000001", AccountName: "Ada", Domain: "acme.example"),
            new("grace@globex.example", "grace@globex.example", "grace@globex.example", UserId: "110000000000000000002", AccountId: "110000000000000000002", AccountName: "Grace", Domain: "globex.example"),
        ],
        AccentColor: "#1a73e8");

    public static void Map(IEndpointRouteBuilder app)
    {
        AuthorizeEndpoint.Map(app, Vendor);
        app.MapPost("/google/oauth2/token", Token);
        app.MapMethods("/google/oauth2/tokeninfo", ["GET", "POST"], TokenInfo);
        app.MapPost("/google/oauth2/revoke", Revoke);
    }

    private static async Task<IResult> Token(HttpRequest request, SimulatorSettings settings, AuthorizationCodes codes, TokenStore tokens)
    {
        var field = await Fields.FormAsync(request);
        var client = settings.Client(Vendor);
        var (clientId, secret) = ClientAuthentication.Read(request, field);
        switch (ClientAuthentication.Check(client, clientId, secret))
        {
            case ClientCheck.UnknownClient: return Error("invalid_client", "The OAuth client was not found.", StatusCodes.Status401Unauthorized);
            case ClientCheck.BadSecret: return Error("invalid_client", "Unauthorized", StatusCodes.Status401Unauthorized);
        }

        switch (field("grant_type"))
        {
            case "authorization_code":
                var (outcome, grant) = codes.Redeem(Vendor, field("code"), client.ClientId, field("redirect_uri"), redirectRequired: true, field("code_verifier"));
                return outcome switch
                {
                    // Only offline access (access_type=offline) gets a refresh token, and only here, never on a refresh.
                    Redemption.Redeemed => Tokens(tokens, grant!, grant!.Offline ? tokens.NewRefreshToken(grant, "1//" + TokenStore.Secret()).Value : null),
                    Redemption.RedirectMismatch => Error("redirect_uri_mismatch", "Bad Request"),
                    Redemption.VerifierMismatch => Error("invalid_grant", "Invalid code verifier."),
                    _ => Error("invalid_grant", "Bad Request"),
                };
            case "refresh_token":
                var refresh = tokens.FindRefresh(Vendor, field("refresh_token"), client.ClientId);
                return refresh is null ? Error("invalid_grant", "Token has been expired or revoked.") : Tokens(tokens, refresh.Grant, refreshToken: null);
            case var other:
                return Error("unsupported_grant_type", $"Invalid grant_type: {other}");
        }
    }

    private static IResult Tokens(TokenStore tokens, Grant grant, string? refreshToken)
    {
        var access = tokens.NewAccessToken(Vendor, grant, prefix: "ya29.");
        return Results.Json(new
        {
            access_token = access.Value,
            expires_in = access.ExpiresIn,
            refresh_token = refreshToken,
            scope = Vendor.JoinScopes(grant.Scopes),
            token_type = "Bearer",
        });
    }

    private static async Task<IResult> TokenInfo(HttpRequest request, TokenStore tokens)
    {
        var found = tokens.FindAccess(Vendor, (await Fields.FormOrQueryAsync(request))("access_token"));
        if (found.State != AccessState.Active) return Error("invalid_token", "Invalid Value");
        var grant = found.Grant!;
        // Google's tokeninfo writes every value as a string, numbers and booleans too.
        return Results.Json(new
        {
            azp = grant.ClientId,
            aud = grant.ClientId,
            sub = grant.Identity.UserId,
            scope = Vendor.JoinScopes(grant.Scopes),
            exp = found.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            expires_in = found.ExpiresIn.ToString(CultureInfo.InvariantCulture),
            email = grant.Identity.Email,
            email_verified = "true",
            access_type = grant.Offline ? "offline" : "online",
        });
    }

    /// <summary>Revoking either token of a grant revokes the grant: its access and refresh tokens alike.</summary>
    private static async Task<IResult> Revoke(HttpRequest request, TokenStore tokens)
    {
        var token = (await Fields.FormOrQueryAsync(request))("token");
        return token is not null && tokens.RevokeGrantOf(Vendor, token) is not null
            ? Results.Ok()
            : Error("invalid_token", "Token expired or revoked");
    }

    private static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new { error, error_description = description }, statusCode: status);
}
