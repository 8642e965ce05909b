using System.Net;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Rest;

/// <summary>
/// An account with a base URL is tried with a GET of it (the host applies the credentials): 401 or 403
/// means the API refused them. Without a base URL there is nothing to try, and the account is saved as given.
/// </summary>
public sealed class RestConnectionTest : ConnectionTest
{
    public override async Task<ConnectionTestResult> RunAsync(OperationContext context, CancellationToken cancellationToken)
    {
        if (context.Account?["baseUrl"] is not { Length: > 0 } baseUrl || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var url))
            return ConnectionTestResult.Works();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await context.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? ConnectionTestResult.Refused($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}: it refused these credentials.")
            : ConnectionTestResult.Works();
    }
}
