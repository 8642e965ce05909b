using Modular.Plugins.Sdk;

namespace Modular.Connectors.Wati;

/// <summary>Reads one message template with the account's token: Wati refusing it (401/403) or no API at the endpoint (404) is reported in the user's words.</summary>
public sealed class WatiConnectionTest : ConnectionTest
{
    public override async Task<ConnectionTestResult> RunAsync(OperationContext context, CancellationToken cancellationToken)
    {
        Uri url;
        try
        {
            url = WatiApi.Url(context, "api/v1/getMessageTemplates", ("pageSize", "1"), ("pageNumber", "1"));
        }
        catch (ConnectorCallException missing)
        {
            return ConnectionTestResult.Refused(missing.Message);
        }
        try
        {
            WatiErrors.Accepted(await context.GetJsonAsync(url, cancellationToken));
            return ConnectionTestResult.Works($"Wati {WatiApi.Endpoint(context.RequireAccount()).AbsolutePath.Trim('/')}".TrimEnd());
        }
        catch (ConnectorCallException refused) when (refused.Status is 401 or 403)
        {
            return ConnectionTestResult.Refused($"Wati refused the access token ({refused.Status}): copy the token and the API endpoint again from Wati's API Docs page; a token stops working when it is rotated or the password changes.");
        }
        catch (ConnectorCallException refused) when (refused.Status is 404)
        {
            return ConnectionTestResult.Refused($"Wati has no API at {url.GetLeftPart(UriPartial.Authority)}{WatiApi.Endpoint(context.RequireAccount()).AbsolutePath} (404): check the API endpoint, which ends with your tenant id.");
        }
    }
}
