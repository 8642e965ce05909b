using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Modular.Tests.Runs;
using Npgsql;

namespace Modular.Tests.Platform;

/// <summary>
/// Walks the OpenAPI document and sends every operation malformed and poison input (broken JSON,
/// text PostgreSQL cannot store, nesting deeper than JSON is read, the wrong content type, extreme
/// query values) against real ids of one workspace: no answer is a 5xx, and nothing that workspace
/// has stored changes.
/// </summary>
public sealed class ApiFuzzTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_operation_answers_5xx_or_changes_stored_data_for_malformed_or_poison_input()
    {
        var session = await platform.NewWorkspaceClientAsync();
        var workspaceId = session.DefaultRequestHeaders.GetValues("X-Workspace").Single();
        // An owner's API key, not the session: the walk calls sign-out and sign-in too, which must not end its credential midway.
        var key = await (await session.PostAsJsonAsync("/api/api-keys", new { name = "fuzz", role = "owner" }, Cancel)).ReadJsonAsync();
        using var workspace = Modular.Testing.TestIdentity.WithApiKey(platform.Host.Address, key.GetProperty("key").GetString()!);
        var runs = new RunsClient(workspace);
        var actionId = await runs.ActiveActionAsync("log('fuzz');");
        var runId = await runs.RunToEndAsync("log('ended');");
        var agent = await (await workspace.PostAsJsonAsync("/api/agents", new { name = "Fuzzed agent" }, Cancel)).ReadJsonAsync();
        var agentId = agent.GetProperty("id").GetGuid();
        using var document = JsonDocument.Parse(await platform.Client.GetStringAsync("/openapi/v1.json", Cancel));
        var before = await SnapshotAsync(workspaceId);

        var failures = new List<string>();
        var sent = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.StartsWith("/api/", StringComparison.Ordinal)) continue;
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var url = FillPath(path.Name, actionId, agentId, runId);
                foreach (var (suffix, content) in Inputs(method, operation.Value, document.RootElement))
                {
                    using var request = new HttpRequestMessage(method, url + suffix) { Content = content };
                    // A version no resource has: a write that ignores its body (a DELETE) is refused as stale, not carried out.
                    request.Headers.TryAddWithoutValidation("If-Match", "\"999\"");
                    using var response = await workspace.SendAsync(request, Cancel);
                    sent++;
                    if ((int)response.StatusCode >= 500)
                        failures.Add($"{method} {url}{suffix} {content?.Headers.ContentType}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
                }
            }
        }

        sent.ShouldBeGreaterThan(100);
        failures.ShouldBeEmpty();
        (await SnapshotAsync(workspaceId)).ShouldBe(before);
    }

    private static string FillPath(string path, Guid actionId, Guid agentId, Guid runId) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\{([^}:]+)(:[^}]*)?\}", match => match.Groups[1].Value switch
        {
            "actionId" => actionId.ToString(),
            "agentId" => agentId.ToString(),
            "runId" => runId.ToString(),
            "templateId" => "rest.send-to-webhook",
            "id" when path.StartsWith("/api/agents", StringComparison.Ordinal) => agentId.ToString(),
            "id" => actionId.ToString(),
            _ => Guid.NewGuid().ToString(),
        });

    /// <summary>Query values at the edges for every parameter, and for an operation that takes a body, bodies that must all be refused.</summary>
    private static IEnumerable<(string Suffix, HttpContent? Content)> Inputs(HttpMethod method, JsonElement operation, JsonElement root)
    {
        if (operation.TryGetProperty("parameters", out var parameters))
            foreach (var parameter in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query"))
                foreach (var value in new[] { "%00", "%ED%A0%80", "2147483647", "-2147483648", "99999999999999999999", "abc", new string('x', 5000) })
                    yield return ($"?{parameter.GetProperty("name").GetString()}={value}", null);
        // Bodies go to the operations that take one (a write without a body, such as an attach, has no body to get wrong).
        if (method == HttpMethod.Get || !operation.TryGetProperty("requestBody", out _)) yield break;

        var poison = "\\u0000\\ud800";
        var properties = Properties(operation, root).ToList();
        var poisoned = "{" + string.Join(",", properties.Select(p => $"\"{p}\": \"{poison}\"").DefaultIfEmpty($"\"name\": \"{poison}\"")) + "}";
        yield return ("", Json("{\"name\": "));
        yield return ("", Json(poisoned));
        yield return ("", Json("{\"k\\u0000\": 1, \"version\": 1}"));
        yield return ("", Json(new string('[', 1000) + new string(']', 1000)));
        yield return ("", new StringContent("name=x&version=1", Encoding.UTF8, "application/x-www-form-urlencoded"));
        yield return ("", new StringContent("x", Encoding.UTF8, "text/plain"));
    }

    private static IEnumerable<string> Properties(JsonElement operation, JsonElement root)
    {
        if (!operation.TryGetProperty("requestBody", out var body)
            || !body.GetProperty("content").TryGetProperty("application/json", out var json)
            || !json.TryGetProperty("schema", out var schema)) return [];
        if (schema.TryGetProperty("$ref", out var reference))
            schema = root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        return schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name) : [];
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A digest of every row of the workspace, in every table that is kept per workspace.</summary>
    private async Task<string> SnapshotAsync(string workspaceId)
    {
        await using var connection = new NpgsqlConnection(platform.Host.ConnectionString);
        await connection.OpenAsync(Cancel);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_schema || '.' || table_name from information_schema.columns where column_name = 'tenant_id' and table_schema <> 'wolverine' order by 1", connection))
        await using (var reader = await list.ExecuteReaderAsync(Cancel))
            while (await reader.ReadAsync(Cancel)) tables.Add(reader.GetString(0));
        var digest = new StringBuilder();
        foreach (var table in tables)
        {
            await using var hash = new NpgsqlCommand(
                $"select count(*) || ':' || coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') from {table} t where tenant_id = @workspace", connection);
            hash.Parameters.AddWithValue("workspace", workspaceId);
            digest.Append(table).Append('=').Append(await hash.ExecuteScalarAsync(Cancel)).Append('\n');
        }
        return digest.ToString();
    }
}
