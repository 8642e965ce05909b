using System.Text.Json;
using System.Text.Json.Nodes;
using Scriban.Runtime;

namespace Modular.BuildingBlocks.Templates;

/// <summary>JSON values as Scriban sees them, keys kept as they are (no snake_case renaming).</summary>
public static class ScribanJson
{
    public static object? ToScript(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Aggregate(new ScriptObject(), (script, pair) =>
        {
            script[pair.Key] = ToScript(pair.Value);
            return script;
        }),
        JsonArray array => new ScriptArray(array.Select(ToScript)),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.GetValue<double>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => null,
    };
}
