using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Modular.Plugins.Sdk;
using Scriban;
using Scriban.Runtime;

namespace Modular.Runs.Sandbox;

/// <summary>
/// The globals a script sees: <c>input</c>, <c>log</c>, <c>step</c>, <c>documents.create</c>,
/// <c>render</c> and one object per connector. What they hand to the host is checked here: values
/// nested deeper than <see cref="MaxDepth"/> are refused with a clear error, text is made storable.
/// </summary>
internal sealed class ScriptGlobals(Engine engine, SandboxMessage run, SandboxConnection host, CancellationToken cancellation)
{
    /// <summary>How deeply a value handed to the host may nest (JSON itself is read to this depth).</summary>
    public const int MaxDepth = 64;
    public const int MaxStepNameLength = 200;
    public const int MaxLogLength = 100_000;

    private readonly SandboxLimits _limits = run.Limits!;
    private int _steps;
    private int _documents;

    public void Install()
    {
        engine.SetValue("input", FromJson(run.Input));
        engine.SetValue("log", Function("log", args =>
        {
            host.Send(new SandboxMessage { Type = "log", Level = "info", Text = SafeText.Clean(Text(args), MaxLogLength) });
            return JsValue.Undefined;
        }));
        engine.SetValue("step", Function("step", Step));
        engine.SetValue("render", Function("render", Render));
        var documents = new JsObject(engine);
        documents.Set("create", Function("create", CreateDocument));
        engine.SetValue("documents", documents);
        foreach (var (scriptName, operations) in run.Connectors ?? [])
        {
            var target = new JsObject(engine);
            foreach (var (name, operationId) in operations)
                target.Set(name, Function(name, args => Call(operationId, args)));
            engine.SetValue(scriptName, target);
        }
    }

    private ClrFunction Function(string name, Func<JsValue[], JsValue> body) => new(engine, name, (_, args) => body(args));

    private JavaScriptException Error(string message) => new(engine.Intrinsics.Error, message);

    private JsValue Step(JsValue[] args)
    {
        var name = SafeText.Clean(args.Length > 0 ? args[0].ToString() : "step", MaxStepNameLength);
        if (args.Length < 2 || args[1] is not Jint.Native.Function.Function fn)
            throw new JavaScriptException(engine.Intrinsics.TypeError, "step(name, fn) needs a function to run.");
        var number = ++_steps;
        if (number > _limits.MaxSteps) throw Error($"A run has at most {_limits.MaxSteps:N0} steps.");
        host.Send(new SandboxMessage { Type = "step", Step = number, Name = name });
        var watch = Stopwatch.StartNew();
        try
        {
            var result = fn.Call(JsValue.Undefined, []).UnwrapIfPromise(cancellation);
            host.Send(new SandboxMessage { Type = "stepEnd", Step = number, Name = name, DurationMs = watch.Elapsed.TotalMilliseconds });
            return result;
        }
        catch (Exception error) when (error is JavaScriptException or PromiseRejectedException or OperationCanceledException)
        {
            host.Send(new SandboxMessage
            {
                Type = "stepEnd",
                Step = number,
                Name = name,
                DurationMs = watch.Elapsed.TotalMilliseconds,
                Error = error is OperationCanceledException
                    ? "Interrupted: the run was stopped or reached its time limit."
                    : SafeText.Clean(error.Message, ScriptRunner.MaxErrorLength),
            });
            throw;
        }
    }

    private JsValue Call(string operationId, JsValue[] args)
    {
        // A stopped run makes no further call to a connected system.
        cancellation.ThrowIfCancellationRequested();
        var input = args.Length > 0 ? ToJson(args[0], operationId) as JsonObject ?? [] : [];
        var reply = host.Call(new SandboxMessage { Type = "call", Operation = operationId, Input = input }, cancellation);
        if (reply.Error is { } error) throw Error($"{operationId} failed: {error}");
        return FromJson(reply.Result);
    }

    private JsValue CreateDocument(JsValue[] args)
    {
        var name = args.Length > 0 ? args[0].ToString() : "";
        var content = args.Length > 1 ? (args[1].IsString() ? args[1].AsString() : Serialize(args[1], "documents.create") ?? "") : "";
        // Stored as given (within 200 characters); the download serves only allow-listed types as themselves.
        var mediaType = args.Length > 2 && args[2].IsString() ? SafeText.Clean(args[2].AsString(), 200) : "text/plain";
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            throw new JavaScriptException(engine.Intrinsics.TypeError, "documents.create(name, content, mediaType) needs a name of 1 to 200 characters.");
        if (++_documents > _limits.MaxDocuments)
            throw Error($"A run creates at most {_limits.MaxDocuments} documents.");
        content = SafeText.Clean(content);
        if (Encoding.UTF8.GetByteCount(content) > _limits.MaxDocumentBytes)
            throw Error($"A document is limited to {_limits.MaxDocumentBytes / (1024 * 1024)} MB.");
        var id = Guid.CreateVersion7();
        host.Send(new SandboxMessage { Type = "document", DocumentId = id, Name = SafeText.Clean(name), Content = content, MediaType = mediaType });
        return id.ToString();
    }

    private JsValue Render(JsValue[] args)
    {
        var template = Template.Parse(args.Length > 0 ? args[0].ToString() : "");
        if (template.HasErrors)
            throw Error("render: " + string.Join("; ", template.Messages));
        // No loader: include and import fail with Scriban's own error; loops and recursion are bounded.
        var context = new TemplateContext { MemberRenamer = member => member.Name, LoopLimit = 10_000, RecursiveLimit = 64, LimitToString = 1_000_000 };
        var globals = new ScriptObject();
        if (args.Length > 1 && args[1] is ObjectInstance data && !data.IsArray())
            foreach (var key in data.GetOwnPropertyKeys(Types.String))
                globals[key.ToString()] = ScriptValue(data.Get(key), 1);
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch (Exception error) when (error is Scriban.Syntax.ScriptRuntimeException or InvalidOperationException or ArgumentException)
        {
            throw Error("render: " + error.Message);
        }
    }

    /// <summary>A script value as Scriban sees it, to <see cref="MaxDepth"/> levels.</summary>
    private object? ScriptValue(JsValue value, int depth)
    {
        if (depth > MaxDepth) throw Error($"render: the data is nested deeper than {MaxDepth} levels.");
        return value switch
        {
            _ when value.IsString() => value.AsString(),
            _ when value.IsNumber() => value.AsNumber(),
            _ when value.IsBoolean() => value.AsBoolean(),
            JsArray array => new ScriptArray(Enumerable.Range(0, (int)array.Length).Select(i => ScriptValue(array.Get(i), depth + 1))),
            ObjectInstance obj when obj is not Jint.Native.Function.Function => obj.GetOwnPropertyKeys(Types.String)
                .Aggregate(new ScriptObject(), (script, key) =>
                {
                    script[key.ToString()] = ScriptValue(obj.Get(key), depth + 1);
                    return script;
                }),
            _ => null,
        };
    }

    private string Text(JsValue[] args) =>
        string.Join(" ", args.Select(a => a.IsString() ? a.AsString() : a.IsObject() ? Serialize(a, "log") ?? "undefined" : a.ToString()));

    private JsValue FromJson(JsonNode? node) => node is null ? JsValue.Null : new Jint.Native.Json.JsonParser(engine).Parse(node.ToJsonString());

    /// <summary>JSON text of a script value (null for undefined); values nested too deeply are refused.</summary>
    private string? Serialize(JsValue value, string caller)
    {
        CheckDepth(value, caller);
        var text = new Jint.Native.Json.JsonSerializer(engine).Serialize(value);
        return text.IsUndefined() ? null : text.AsString();
    }

    private JsonNode? ToJson(JsValue value, string caller)
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
