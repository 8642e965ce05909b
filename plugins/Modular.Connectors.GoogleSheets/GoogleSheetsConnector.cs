using Modular.Connectors.GoogleSheets.Operations;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.GoogleSheets;

/// <summary>Google Sheets: accounts.google.com for the consent page, oauth2.googleapis.com for tokens, sheets.googleapis.com for the API.</summary>
public sealed class GoogleSheetsConnector : ConnectorDefinition
{
    public override void Define(IConnectorBuilder connector) => connector
        .Id("google-sheets")
        .DisplayName("Google Sheets")
        .Description("Google Sheets: read, append and update rows of spreadsheets in a Google account.")
        .Category("Spreadsheets")
        .Icon("📗")
        .BaseUrl(GoogleOAuth.AccountsBaseUrl, "https://accounts.google.com")
        .BaseUrl(GoogleOAuth.OAuthBaseUrl, "https://oauth2.googleapis.com")
        .BaseUrl(SheetsApi.BaseUrl, "https://sheets.googleapis.com")
        .Auth(ConnectorAuth.OAuth("Google account", new GoogleOAuth()))
        // Google's default quota: 60 read and 60 write requests per minute per user.
        .RateLimit(new RateLimit(60, TimeSpan.FromMinutes(1)))
        .Operation(new ReadRange())
        .Operation(new AppendRows())
        .Operation(new UpdateRange())
        .Operation(new CreateSpreadsheet())
        .Operation(new GetSpreadsheet())
        .Operation(new ListSheets())
        .Template(GoogleSheetsTemplates.AppendRow)
        .Template(GoogleSheetsTemplates.ReadSheet);
}
