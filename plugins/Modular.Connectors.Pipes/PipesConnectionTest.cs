using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes;

/// <summary>Asks who the token belongs to (<c>me</c>): a refusal, by HTTP status or as a GraphQL error, is reported in the user's words.</summary>
public sealed class PipesConnectionTest : ConnectionTest
{
    private static readonly HashSet<string> Refusals = new(StringComparer.OrdinalIgnoreCase) { "UNAUTHORIZED", "UNAUTHENTICATED", "PERMISSION_DENIED", "FORBIDDEN" };

    public override async Task<ConnectionTestResult> RunAsync(OperationContext context, CancellationToken cancellationToken)
    {
        try
        {
            var (data, error) = await PipesGraphQL.TrySendAsync(context, "query { me { id name email } }", null, idempotent: true, cancellationToken);
            if (error is not null)
                return error.Code is { } code && Refusals.Contains(code)
                    ? Refused($"{code}: {error.Message}")
                    : throw new ConnectorCallException(context.ConnectorName, 200, error.Code, error.Message);
            var me = data!["me"];
            var name = PipesGraphQL.Text(me, "name");
            var email = PipesGraphQL.Text(me, "email");
            return me is null
                ? Refused("the token belongs to no user.")
                : ConnectionTestResult.Works(email is null ? name : name is null ? email : $"{name} ({email})");
        }
        catch (ConnectorCallException refused) when (refused.Status is 401 or 403)
        {
            return Refused(refused.Message);
        }
    }

    private static ConnectionTestResult Refused(string why) =>
        ConnectionTestResult.Refused($"Pipefy refused the API token ({why}). Create a personal access token in Pipefy (Account preferences, Personal access tokens) and paste it whole.");
}
