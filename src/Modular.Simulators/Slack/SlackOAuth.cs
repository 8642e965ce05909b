using Modular.Simulators.OAuth;

namespace Modular.Simulators.Slack;

/// <summary>
/// Slack's OAuth v2 app install, as slack.com under <c>/slack</c>: the authorize page, <c>oauth.v2.access</c> (with
/// token rotation on), <c>auth.test</c> and <c>auth.revoke</c>.
/// </summary>
/// <remarks>
/// Slack answers its Web API methods with HTTP 200 and <c>{"ok":false,"error":"…"}</c> whatever went wrong, and its
/// code exchange has no grant_type: both are why this is not a standard token endpoint.
/// </remarks>
internal static class SlackOAuth
{
    public static readonly VendorProfile Vendor = new(
        Key: "slack",
        Name: "Slack",
        AccountNoun: "Slack workspace",
        IdentityLegend: "Choose a workspace",
        AuthorizePath: "/slack/oauth/v2/authorize",
        ScopeSeparator: ',',
        CarriedParameters: ["user_scope", "team"],
        RequiresResponseTypeCode: false,
        DefaultAccessTokenLifetime: TimeSpan.FromHours(12),
        StaticToken: "xoxb-demo-token",
        StaticTokenScopes: ["chat:write", "channels:read", "users:read", "users:read.email"],
        Identities:
        [
            new("T01ACME", "Acme (T01ACME)", "ada@acme.example", UserId: "U01ADA", AccountId: "T01ACME", AccountName: "Acme", Domain: "acme"),
            new("T02GLOBEX", "Globex (T02GLOBEX)", "grace@globex.example", UserId: "U02GRACE", AccountId: "T02GLOBEX", AccountName: "Globex", Domain: "globex"),
        ],
        AccentColor: "#4a154b");

    internal const string AppId = "A01MODULAR";
    internal const string BotName = "modular";

    /// <summary>The app's bot in a workspace: its user and bot ids, which auth.test and the install answer name.</summary>
    internal static (string UserId, string BotId) Bot(DemoIdentity team) => ($"U{team.AccountId[1..]}BOT", $"B{team.AccountId[1..]}BOT");

    public static void Map(IEndpointRouteBuilder app)
    {
        AuthorizeEndpoint.Map(app, Vendor);
        // Slack's Web API takes GET or POST for every method.
        app.MapMethods("/slack/api/oauth.v2.access", ["GET", "POST"], Access);
        app.MapMethods("/slack/api/auth.test", ["GET", "POST"], AuthTest);
        app.MapMethods("/slack/api/auth.revoke", ["GET", "POST"], AuthRevoke);
    }

    private static async Task<IResult> Access(HttpRequest request, SimulatorSettings settings, AuthorizationCodes codes, TokenStore tokens)
    {
        var field = await Fields.FormOrQueryAsync(request);
        var client = settings.Client(Vendor);
        var (clientId, secret) = ClientAuthentication.Read(request, field);
        switch (ClientAuthentication.Check(client, clientId, secret))
        {
            case ClientCheck.UnknownClient: return Error("invalid_client_id");
            case ClientCheck.BadSecret: return Error("bad_client_secret");
        }

        switch (field("grant_type"))
        {
            case null:
                var (outcome, grant) = codes.Redeem(Vendor, field("code"), client.ClientId, field("redirect_uri"), redirectRequired: false, field("code_verifier"));
                return outcome switch
                {
                    Redemption.Redeemed => Installed(tokens, grant!, tokens.NewRefreshToken(grant!, "xoxe-1-" + TokenStore.Secret())),
                    Redemption.RedirectMismatch => Error("bad_redirect_uri"),
                    _ => Error("invalid_code"),
                };
            case "refresh_token":
                // Rotation: the refresh token sent stops working, and the answer carries its successor.
                var old = tokens.FindRefresh(Vendor, field("refresh_token"), client.ClientId);
                var rotated = old is null ? null : tokens.Rotate(old, "xoxe-1-" + TokenStore.Secret());
                return rotated is null ? Error("invalid_refresh_token") : Installed(tokens, rotated.Grant, rotated);
            default:
                return Error("invalid_grant_type");
        }
    }

    private static IResult Installed(TokenStore tokens, Grant grant, RefreshToken refresh)
    {
        var access = tokens.NewAccessToken(Vendor, grant, prefix: "xoxb-");
        var team = grant.Identity;
        return Results.Json(new
        {
            ok = true,
            app_id = AppId,
            authed_user = new { id = team.UserId },
            scope = Vendor.JoinScopes(grant.Scopes),
            token_type = "bot",
            access_token = access.Value,
            bot_user_id = Bot(team).UserId,
            refresh_token = refresh.Value,
            expires_in = access.ExpiresIn,
            team = new { id = team.AccountId, name = team.AccountName },
            is_enterprise_install = false,
        });
    }

    private static async Task<IResult> AuthTest(HttpRequest request, TokenStore tokens)
    {
        var token = Fields.Bearer(request) ?? (await Fields.FormOrQueryAsync(request))("token");
        if (token is null) return Error("not_authed");
        var found = tokens.FindAccess(Vendor, token);
        if (found.State != AccessState.Active) return Error(Refusal(found.State));
        var team = found.Grant!.Identity;
        return Results.Json(new
        {
            ok = true,
            url = $"https://{team.Domain}.slack.com/",
            team = team.AccountName,
            user = BotName,
            team_id = team.AccountId,
            user_id = Bot(team).UserId,
            bot_id = Bot(team).BotId,
            is_enterprise_install = false,
        });
    }

    private static async Task<IResult> AuthRevoke(HttpRequest request, TokenStore tokens)
    {
        var field = await Fields.FormOrQueryAsync(request);
        var token = Fields.Bearer(request) ?? field("token");
        if (token is null) return Error("not_authed");
        var found = tokens.FindAccess(Vendor, token);
        if (found.State != AccessState.Active) return Error(Refusal(found.State));
        // test=1 is Slack's dry run; a static token is never revoked, and says so.
        if (field("test") is "1" or "true" || found.Grant!.IsStatic) return Results.Json(new { ok = true, revoked = false });
        tokens.RevokeGrantOf(Vendor, token);
        return Results.Json(new { ok = true, revoked = true });
    }

    internal static string Refusal(AccessState state) => state switch
    {
        AccessState.Revoked => "token_revoked",
        AccessState.Expired => "token_expired",
        _ => "invalid_auth",
    };

    private static IResult Error(string error) => Results.Json(new { ok = false, error });
}
