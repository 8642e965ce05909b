using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace Modular.Runs.Sandbox;

/// <summary>
/// Values crossing between a script and the host: JSON in, JSON out. What a script hands over is
/// checked here: values nested deeper than <see cref="MaxDepth"/> are refused with a clear error.
/// </summary>
internal sealed class ScriptValues(Engine engine)
{
    /// <summary>How deeply a value handed to the host may nest (JSON itself is read to this depth).</summary>
    public const int MaxDepth = 64;

    public JavaScriptException Error(string message) => new(engine.Intrinsics.Error, message);

    public JavaScriptException TypeError(string message) => new(engine.Intrinsics.TypeError, message);

    public JsValue FromJson(JsonNode? node) => node is null ? JsValue.Null : new Jint.Native.Json.JsonParser(engine).Parse(node.ToJsonString());

    /// <summary>JSON text of a script value (null for undefined); values nested too deeply are refused.</summary>
    public string? Serialize(JsValue value, string caller)
    {
        CheckDepth(value, caller);
        var text = new Jint.Native.Json.JsonSerializer(engine).Serialize(value);
        return text.IsUndefined() ? null : text.AsString();
    }

    public JsonNode? ToJson(JsValue value, string caller)
    {
        var text = Serialize(value, caller);
        if (text is null) return null;
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth + 1 });
        }
        catch (JsonException)
        {
            throw Error($"{caller}: the value is nested deeper than {MaxDepth} levels.");
        }
    }

    /// <summary>Log text of script values: strings as they are, other values as JSON.</summary>
    public string Text(JsValue[] args) =>
        string.Join(" ", args.Select(a => a.IsString() ? a.AsString() : a.IsObject() ? Serialize(a, "log") ?? "undefined" : a.ToString()));

    /// <summary>
    /// Walks the value's own enumerable data (arrays and plain objects) without recursion, so the
    /// serializer that follows, which does recurse, never goes deeper than <see cref="MaxDepth"/>.
    /// </summary>
    private void CheckDepth(JsValue value, string caller)
    {
        var pending = new Stack<(ObjectInstance Value, int Depth)>();
        var seen = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance);
        if (value is ObjectInstance root) pending.Push((root, 1));
        while (pending.Count > 0)
        {
            var (current, depth) = pending.Pop();
            if (depth > MaxDepth) throw Error($"{caller}: the value is nested deeper than {MaxDepth} levels.");
            // A cycle is left to the serializer, whose TypeError says so.
            if (!seen.Add(current) || current is Jint.Native.Function.Function) continue;
            foreach (var key in current.GetOwnPropertyKeys(Types.String))
                if (current.GetOwnProperty(key) is { Enumerable: true, Value: ObjectInstance child })
                    pending.Push((child, depth + 1));
        }
    }
}
