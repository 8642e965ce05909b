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
        .Icon("""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M5 1.5h10l5 5V21a1.5 1.5 0 0 1-1.5 1.5h-13A1.5 1.5 0 0 1 4 21V3a1.5 1.5 0 0 1 1-1.5z" fill="#0f9d58"/><path d="M15 1.5v5h5z" fill="#87ceac"/><path d="M7.5 11h9v7.5h-9zM7.5 13.5h9M7.5 16h9M11 11v7.5" fill="none" stroke="#fff" stroke-width="1.2"/></svg>""")
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
