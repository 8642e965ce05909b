using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace Modular.Simulators.OAuth;

/// <summary>
/// The vendor's consent page and its error page: self-contained HTML under a strict Content-Security-Policy (no
/// script at all, the one inline style allowed by its hash), everything echoed HTML-encoded.
/// </summary>
internal static class ConsentPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static IResult Render(
        VendorProfile vendor,
        RegisteredClient client,
        string action,
        Uri redirect,
        IReadOnlyList<string> scopes,
        IEnumerable<KeyValuePair<string, string>> carried)
    {
        var title = $"Allow {client.AppName} to access your {vendor.AccountNoun}?";
        var body = new StringBuilder();
        body.Append($"<p class=\"vendor\">{E(vendor.Name)} <span>simulator: not the real {E(vendor.Name)}</span></p>");
        body.Append($"<h1>{E(title)}</h1>");
        body.Append($"<p>{E(client.AppName)} (client ID <code>{E(client.ClientId)}</code>) asks for:</p><ul class=\"scopes\">");
        foreach (var scope in scopes) body.Append($"<li><code>{E(scope)}</code></li>");
        body.Append("</ul>");
        body.Append($"<form method=\"post\" action=\"{E(action)}\"><fieldset><legend>{E(vendor.IdentityLegend)}</legend>");
        for (var i = 0; i < vendor.Identities.Count; i++)
        {
            var identity = vendor.Identities[i];
            body.Append($"<div class=\"choice\"><input type=\"radio\" id=\"identity-{i}\" name=\"identity\" value=\"{E(identity.Key)}\"{(i == 0 ? " checked" : "")}>");
            body.Append($"<label for=\"identity-{i}\">{E(identity.Label)}</label></div>");
        }
        body.Append("</fieldset>");
        // The authorize request rides along in hidden fields: the POST is checked again as if it were the GET.
        foreach (var (name, value) in carried)
            body.Append($"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">");
        body.Append($"<p class=\"return\">Either way you go back to <code>{E(redirect.OriginalString)}</code>.</p>");
        body.Append("<div class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>");
        body.Append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></div></form>");
        // A browser checks form-action on the redirect that follows the POST too, so the app's origin is allowed.
        var formAction = $"'self' {redirect.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)}";
        return new HtmlPage(StatusCodes.Status200OK, title, body.ToString(), vendor.AccentColor, formAction);
    }

    /// <summary>A request that cannot be sent back to the app (unknown client, bad redirect URI) ends here, as at the vendor.</summary>
    public static IResult Error(VendorProfile vendor, string problem)
    {
        var title = $"{vendor.Name}: this app cannot be authorized";
        var body = $"<p class=\"vendor\">{E(vendor.Name)} <span>simulator: not the real {E(vendor.Name)}</span></p><h1>{E(title)}</h1><p class=\"error\">{E(problem)}</p>";
        return new HtmlPage(StatusCodes.Status400BadRequest, title, body, vendor.AccentColor, "'none'");
    }

    private static string E(string value) => Html.Encode(value);

    private sealed class HtmlPage(int status, string title, string body, string accent, string formAction) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var style = $$"""
                body{font-family:system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1d1f23}
                main{max-width:34rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;border-top:6px solid {{accent}}}
                .vendor{font-weight:600;color:{{accent}}} .vendor span{font-weight:400;color:#666;font-size:.85em}
                h1{font-size:1.35rem} fieldset{border:1px solid #ddd;border-radius:6px;margin:1rem 0}
                .choice{margin:.4rem 0} .return{color:#555;font-size:.9em;word-break:break-all}
                .buttons{display:flex;gap:.75rem} button{padding:.55rem 1.4rem;border-radius:6px;border:1px solid {{accent}};font-size:1rem;cursor:pointer}
                button[value=allow]{background:{{accent}};color:#fff} button[value=deny]{background:#fff;color:{{accent}}}
                .error{color:#a00}
                """;
            var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'sha256-{hash}'; form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
                $"<title>{E(title)}</title><style>{style}</style></head><body><main>{body}</main></body></html>");
        }
    }
}
