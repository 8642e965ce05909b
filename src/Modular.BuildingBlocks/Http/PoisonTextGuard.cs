using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Modular.Plugins.Sdk;

namespace Modular.BuildingBlocks.Http;

/// <summary>
/// Refuses, at the JSON boundary of <c>/api</c>, text the database cannot store: U+0000 and lone
/// UTF-16 surrogates (PostgreSQL's jsonb refuses them) in a JSON body's keys and strings, or in the
/// query string. The answer is 422 naming each offending value by its JSON pointer (or <c>?name</c>),
/// so nothing half-written is ever stored. Malformed JSON is left to the endpoint (400).
/// </summary>
public sealed class PoisonTextGuard(RequestDelegate next)
{
    /// <summary>Bodies are read whole to check them; larger ones are refused by the endpoints' own limits.</summary>
    private const int MaxCheckedBytes = 2 * 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        var violations = new Violations();
        foreach (var (name, values) in request.Query)
            if (FirstBad(name) >= 0 || values.Any(v => v is not null && FirstBad(v) >= 0))
                violations.Add("?" + SafeText.Clean(name), Message);
        if (request.HasJsonContentType() && request.ContentLength is null or > 0 and <= MaxCheckedBytes)
        {
            request.EnableBuffering();
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            request.Body.Position = 0;
            if (buffer.Length <= MaxCheckedBytes) Check(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), violations);
        }
        if (!violations.Any)
        {
            await next(context);
            return;
        }
        await Problems.Invalid("The request contains text that cannot be stored.", violations.ToDictionary()).ExecuteAsync(context);
    }

    private const string Message = "Contains U+0000 or an unpaired UTF-16 surrogate, which cannot be stored.";

    private static int FirstBad(string text) => SafeText.FirstBad(text);

    private static void Check(ReadOnlySpan<byte> json, Violations violations)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256, CommentHandling = JsonCommentHandling.Skip });
        var path = new List<string>();
        var indexes = new List<int>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Enter(reader.TokenType == JsonTokenType.StartArray);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        indexes.RemoveAt(indexes.Count - 1);
                        Next();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        path[^1] = Escape(name);
                        if (FirstBad(name) >= 0) violations.Add(Pointer(), Message);
                        break;
                    case JsonTokenType.String:
                        if (FirstBad(reader.GetString()!) >= 0) violations.Add(Pointer(), Message);
                        Next();
                        break;
                    default:
                        Next();
                        break;
                }
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // Not JSON, or JSON whose text cannot even be decoded: the endpoint answers 400 for it.
            if (error is InvalidOperationException) violations.Add(Pointer(), Message);
        }

        void Enter(bool array)
        {
            path.Add(array ? "0" : "");
            indexes.Add(array ? 0 : -1);
        }

        // After a value inside an array, the pointer moves to the next index.
        void Next()
        {
            if (indexes.Count == 0 || indexes[^1] < 0) return;
            indexes[^1]++;
            path[^1] = indexes[^1].ToString();
        }

        string Pointer() => path.Count == 0 ? "" : "/" + string.Join("/", path);
    }

    private static string Escape(string name) => SafeText.Clean(name).Replace("~", "~0").Replace("/", "~1");
}
