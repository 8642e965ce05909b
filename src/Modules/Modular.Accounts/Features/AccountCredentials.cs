using System.Net.Http;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Egress;
using Modular.BuildingBlocks.Http;
using Modular.Plugins.Sdk;

namespace Modular.Accounts.Features;

/// <summary>
/// The values a user enters for an API-key, bearer or basic account, checked against the fields the
/// connector declares for that method, then tried with the connector's test call (where it has one).
/// </summary>
public sealed record AccountCredentials(IReadOnlyDictionary<string, string> Settings, IReadOnlyDictionary<string, string> Secrets)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(15);

    public IReadOnlyDictionary<string, string> All => Settings.Concat(Secrets).ToDictionary();

    /// <summary>Reads <paramref name="values"/> for <paramref name="method"/>; a field left out keeps its <paramref name="current"/> value.</summary>
    public static AccountCredentials? Read(
        ConnectorAuth method, IReadOnlyDictionary<string, string?>? values, IReadOnlyDictionary<string, string>? current, Violations violations)
    {
        values ??= new Dictionary<string, string?>();
        foreach (var key in values.Keys.Where(k => method.Fields.All(f => f.Key != k)))
            violations.Add($"/values/{key}", $"'{method.DisplayName}' has no field '{Shorten(key)}'; its fields are {string.Join(", ", method.Fields.Select(f => f.Key))}.");
        var settings = new Dictionary<string, string>();
        var secrets = new Dictionary<string, string>();
        foreach (var field in method.Fields)
        {
            var value = values.TryGetValue(field.Key, out var given) ? given?.Trim() : current?.GetValueOrDefault(field.Key);
            if (string.IsNullOrEmpty(value))
            {
                if (field.Required) violations.Add($"/values/{field.Key}", $"{field.Label} is required.");
                continue;
            }
            var limit = field.MaxLength ?? (field.Kind == FieldKind.Secret ? 8_000 : 2_000);
            if (value.Length > limit) violations.Add($"/values/{field.Key}", $"{field.Label} is limited to {limit} characters.");
            else if (SafeText.FirstBad(value) >= 0 || value.Any(char.IsControl))
                violations.Add($"/values/{field.Key}", $"{field.Label} contains characters that cannot be sent (control characters).");
            else if (field.Kind == FieldKind.Url && !(Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
                violations.Add($"/values/{field.Key}", $"{field.Label} must be an absolute http or https URL.");
            else (field.Kind == FieldKind.Secret ? secrets : settings)[field.Key] = value;
        }
        return violations.Any ? null : new AccountCredentials(settings, secrets);
    }

    /// <summary>Runs the connector's test call with these credentials: null when they work (or there is no test), else why not.</summary>
    public async Task<string?> TestAsync(string accountId, ConnectorManifest connector, ConnectorAuth method, ConnectorCalls calls, CancellationToken cancellationToken)
    {
        if (method.Test is null) return null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TestTimeout);
        try
        {
            var account = new Plugins.Sdk.ConnectedAccount(accountId, method.Kind, All);
            var session = calls.Open(connector, account);
            var result = await method.Test.RunAsync(session.Context(), timeout.Token);
            return result.Accepted ? null : "The test call was refused: " + SafeText.Clean(session.Redact(result.Refusal!), 500);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"The test call got no answer within {TestTimeout.TotalSeconds:0} seconds.";
        }
        catch (Exception error) when (error is HttpRequestException or EgressException or InvalidOperationException or ArgumentException or ConnectorCallException)
        {
            return "The test call could not be made: " + SafeText.Clean(Redact(Innermost(error).Message), 500);
        }
    }

    private string Redact(string text) => All.Values.Where(v => v.Length >= 4).Aggregate(text, (masked, secret) => masked.Replace(secret, "***", StringComparison.Ordinal));

    private static Exception Innermost(Exception error)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
            if (inner is EgressException) return inner;
        return error;
    }

    private static string Shorten(string key) => key.Length > 40 ? key[..40] + "…" : key;
}
