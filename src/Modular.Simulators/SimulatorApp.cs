using System.Text.Json.Serialization;
using Modular.Simulators.Faults;
using Modular.Simulators.Google;
using Modular.Simulators.HubSpot;
using Modular.Simulators.OAuth;
using Modular.Simulators.Pipefy;
using Modular.Simulators.Slack;
using Modular.Simulators.Wati;

namespace Modular.Simulators;

/// <summary>
/// The vendor simulators in one app, each vendor under a path prefix that stands for its own host, so that a
/// connector pointed at them changes only its base URLs:
/// <c>/hubspot/app</c> = app.hubspot.com, <c>/hubspot/api</c> = api.hubapi.com, <c>/slack</c> = slack.com,
/// <c>/google/accounts</c> = accounts.google.com, <c>/google/oauth2</c> = oauth2.googleapis.com,
/// <c>/google/sheets</c> = sheets.googleapis.com, <c>/wati</c> = live-mt-server.wati.io, <c>/pipefy</c> = api.pipefy.com.
/// State lives in memory. <c>/_simulator</c> is a test-only admin surface, not any vendor's API.
/// </summary>
public static class SimulatorApp
{
    private static readonly VendorProfile[] Vendors = [HubSpotOAuth.Vendor, SlackOAuth.Vendor, GoogleOAuth.Vendor];

    /// <param name="settings">Configuration over the command line's, e.g. <c>Simulators:AccessTokenLifetimeSeconds</c>.</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        // A request line would log the codes and tokens in its query; the start lines (the address) stay.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // An optional field a vendor leaves out (Google's refresh_token on a refresh) is left out, not sent as null.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        builder.Services.AddSingleton<IEnumerable<VendorProfile>>(Vendors);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SimulatorSettings>();
        builder.Services.AddSingleton<TokenStore>();
        builder.Services.AddSingleton<AuthorizationCodes>();
        builder.Services.AddSimulatorTraffic();
        HubSpotCrm.AddServices(builder.Services);
        GoogleSheets.AddServices(builder.Services);
        builder.Services.AddSingleton<SlackWorkspaces>();
        builder.Services.AddSingleton<SlackRateLimits>();
        builder.Services.AddSingleton<WatiTenants>();
        builder.Services.AddSingleton<PipefyStore>();
        builder.Services.AddSingleton<PipefyGraph>();
        builder.Services.AddSingleton<PipefyWebhooks>();
        builder.Services.AddSingleton<IVendorFaults>(new WrittenVendorFaults("slack", (context, status, retryAfter) => SlackFaults.WriteAsync(context.Response, status, Math.Max(1, retryAfter))));
        builder.Services.AddSingleton<IVendorFaults>(new WrittenVendorFaults("wati", (context, status, _) => WatiFaults.WriteAsync(context, status)));
        builder.Services.AddSingleton<IVendorFaults>(new WrittenVendorFaults("pipefy", (context, status, retryAfter) => PipefyFaults.WriteAsync(context.Response, status, retryAfterSeconds: Math.Max(1, retryAfter))));

        var app = builder.Build();
        // Bad settings stop the app here rather than failing the first request.
        app.Services.GetRequiredService<TokenStore>();
        app.Services.GetRequiredService<SlackRateLimits>();
        app.Services.GetRequiredService<WatiTenants>();
        app.Services.GetRequiredService<PipefyStore>();

        // Sheets' paths at the root too (Google's Node client keeps only its rootUrl's origin), before routing.
        app.Use(GoogleSheets.RootAliasAsync);
        app.UseRouting();
        // Codes and tokens pass through these answers: nothing may be cached (RFC 6749 5.1).
        app.Use((context, next) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.Pragma = "no-cache";
            return next(context);
        });
        // Every vendor route: the request log and injected faults (Faults/).
        app.UseSimulatorTraffic();
        app.MapGet("/health", () => Results.Json(new { status = "Healthy" }));
        HubSpotOAuth.Map(app);
        SlackOAuth.Map(app);
        SlackApi.Map(app);
        GoogleOAuth.Map(app);
        HubSpotCrm.Map(app);
        GoogleSheets.Map(app);
        WatiApi.Map(app);
        PipefyApi.Map(app);
        MapAdmin(app);
        SimulatorTrafficAdmin.Map(app);
        return app;
    }

    /// <summary>
    /// What a test does at the vendor by hand: <c>revoke-all</c> is every user removing the app (each grant and its
    /// tokens stop working; static tokens do not), or with <c>?account=</c> one account's users only, so tests sharing
    /// a simulator do not revoke each other's grants; <c>expire-access-tokens</c> is time passing (refresh tokens keep working).
    /// </summary>
    private static void MapAdmin(WebApplication app)
    {
        var admin = app.MapGroup("/_simulator/{vendor}");
        admin.MapPost("/revoke-all", (string vendor, string? account, TokenStore tokens, AuthorizationCodes codes) =>
        {
            if (Find(vendor) is not { } profile) return UnknownVendor(vendor);
            if (account is null) codes.ForgetAll(profile);
            return Results.Json(new { vendor = profile.Key, revokedGrants = tokens.RevokeAll(profile, account) });
        });
        admin.MapPost("/expire-access-tokens", (string vendor, TokenStore tokens) =>
            Find(vendor) is { } profile
                ? Results.Json(new { vendor = profile.Key, expiredAccessTokens = tokens.ExpireAccessTokens(profile) })
                : UnknownVendor(vendor));
    }

    private static VendorProfile? Find(string vendor) => Vendors.FirstOrDefault(profile => profile.Key == vendor);

    private static IResult UnknownVendor(string vendor) =>
        Results.Json(new { error = $"No simulator is called '{vendor}'; there are {string.Join(", ", Vendors.Select(v => v.Key))}." }, statusCode: StatusCodes.Status404NotFound);
}
