using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Modular.BuildingBlocks.Templates;
using Modular.Plugins.Sdk;
using Scriban;
using Scriban.Runtime;

namespace Modular.Runs.Execution;

public abstract record ScriptOutcome
{
    public sealed record Succeeded : ScriptOutcome;
    public sealed record Failed(string Error, int? Line) : ScriptOutcome;
    public sealed record Stopped : ScriptOutcome;
}

/// <summary>
/// Runs an action's JavaScript in Jint: no CLR or file access, limits on time, memory, statements
/// and recursion, and a cancellation token checked between statements (a stop ends even a tight
/// loop). The script sees <c>input</c>, <c>log</c>, <c>step</c>, <c>documents.create</c>,
/// <c>render</c> and one object per connector whose operations are bound to the action's account.
/// </summary>
public sealed class ScriptSandbox(HttpClient http)
{
    // The code runs as the body of an async function, so scripts may use top-level await.
    private const string Prefix = "(async function action() {\n";
    private const int PrefixLines = 1;
    private const int MaxParsedScripts = 1_000;
    private static readonly ConcurrentDictionary<string, Prepared<Script>> Parsed = new();

    public ScriptOutcome Run(ScriptRun run, RunRecorder recorder, CancellationToken stop)
    {
        using var timeout = new CancellationTokenSource(run.Limits.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        var engine = new Engine(options => options
            .Strict()
            .LimitMemory(run.Limits.MemoryBytes)
            .MaxStatements(run.Limits.MaxStatements)
            .LimitRecursion(run.Limits.MaxRecursion)
            .CancellationToken(linked.Token));
        var host = new ScriptHost(engine, run, recorder, http, linked.Token);
        host.Install();

        try
        {
            // Parsed scripts are reused across runs; edited code leaves old entries behind, so the cache is bounded.
            if (Parsed.Count > MaxParsedScripts) Parsed.Clear();
            var script = Parsed.GetOrAdd(run.Code, code => Engine.PrepareScript(Prefix + code + "\n})()"));
            engine.Evaluate(script).UnwrapIfPromise();
            return new ScriptOutcome.Succeeded();
        }
        catch (Exception error) when (stop.IsCancellationRequested && error is ExecutionCanceledException or OperationCanceledException or PromiseRejectedException or JavaScriptException)
        {
            return new ScriptOutcome.Stopped();
        }
        catch (Exception error) when (timeout.IsCancellationRequested && error is ExecutionCanceledException or OperationCanceledException or PromiseRejectedException or JavaScriptException)
        {
            return new ScriptOutcome.Failed($"The script ran longer than its time limit ({run.Limits.Timeout}).", null);
        }
        catch (MemoryLimitExceededException)
        {
            return new ScriptOutcome.Failed($"The script used more memory than its limit ({run.Limits.MemoryBytes / (1024 * 1024)} MB).", null);
        }
        catch (StatementsCountOverflowException)
        {
            return new ScriptOutcome.Failed($"The script ran more than its limit of {run.Limits.MaxStatements:N0} statements.", null);
        }
        catch (RecursionDepthOverflowException)
        {
            return new ScriptOutcome.Failed($"The script recursed deeper than its limit of {run.Limits.MaxRecursion} calls.", null);
        }
        catch (JavaScriptException error)
        {
            return new ScriptOutcome.Failed(error.Message, ScriptLine(error.Location.Start.Line));
        }
        catch (PromiseRejectedException error)
        {
            return new ScriptOutcome.Failed(RejectionMessage(error.RejectedValue), LineOf(error.RejectedValue));
        }
        catch (Acornima.ParseErrorException error)
        {
            return new ScriptOutcome.Failed($"Syntax error: {error.Description}", ScriptLine(error.LineNumber));
        }
    }

    private static int? ScriptLine(int line) => line > PrefixLines ? line - PrefixLines : null;

    private static string RejectionMessage(JsValue value) =>
        value is Jint.Native.Object.ObjectInstance error && error.Get("message") is var message && message.IsString()
            ? message.AsString()
            : value.ToString();

    private static int? LineOf(JsValue value)
    {
        // Error stacks read "at action (<anonymous>:LINE:COLUMN)"; the first frame is where it was thrown.
        if (value is not Jint.Native.Object.ObjectInstance error || error.Get("stack") is var stack && !stack.IsString()) return null;
        var match = System.Text.RegularExpressions.Regex.Match(stack.AsString(), @":(\d+):\d+");
        return match.Success ? ScriptLine(int.Parse(match.Groups[1].Value)) : null;
    }
}

/// <summary>Everything a run's script needs, snapshotted when the run was triggered.</summary>
public sealed record ScriptRun(
    string Code,
    JsonNode? Input,
    IReadOnlyList<ConnectorManifest> Connectors,
    string ConnectorId,
    ConnectedAccount? Account,
    RunLimits Limits);

/// <summary>The globals a script sees. Every call goes through the run's recorder.</summary>
internal sealed class ScriptHost(Engine engine, ScriptRun run, RunRecorder recorder, HttpClient http, CancellationToken cancellation)
{
    private int _steps;
    private int _documents;

    public void Install()
    {
        engine.SetValue("input", FromJson(run.Input));
        engine.SetValue("log", Function("log", args => { recorder.Log("info", Text(args)); return JsValue.Undefined; }));
        engine.SetValue("step", Function("step", Step));
        engine.SetValue("render", Function("render", Render));
        var documents = new JsObject(engine);
        documents.Set("create", Function("create", CreateDocument));
        engine.SetValue("documents", documents);
        foreach (var connector in run.Connectors)
        {
            var target = new JsObject(engine);
            var account = connector.Id == run.ConnectorId ? run.Account : null;
            foreach (var operation in connector.Operations)
            {
                var name = operation.Id.StartsWith(connector.Id + ".", StringComparison.Ordinal) ? operation.Id[(connector.Id.Length + 1)..] : operation.Id;
                target.Set(name, Function(name, args => Call(connector, operation, account, args)));
            }
            engine.SetValue(ScriptName(connector.Id), target);
        }
    }

    private static string ScriptName(string connectorId) => connectorId.Replace('-', '_');

    private ClrFunction Function(string name, Func<JsValue[], JsValue> body) => new(engine, name, (_, args) => body(args));

    private JsValue Step(JsValue[] args)
    {
        var name = args.Length > 0 ? args[0].ToString() : "step";
        if (args.Length < 2 || args[1] is not Jint.Native.Function.Function fn)
            throw new JavaScriptException(engine.Intrinsics.TypeError, "step(name, fn) needs a function to run.");
        var number = Interlocked.Increment(ref _steps);
        recorder.StepStarted(number, name);
        var watch = Stopwatch.StartNew();
        try
        {
            var result = fn.Call(JsValue.Undefined, []).UnwrapIfPromise();
            recorder.StepFinished(number, name, watch.Elapsed.TotalMilliseconds, null);
            return result;
        }
        catch (Exception error) when (error is JavaScriptException or PromiseRejectedException)
        {
            recorder.StepFinished(number, name, watch.Elapsed.TotalMilliseconds, error.Message);
            throw;
        }
    }

    private JsValue Call(ConnectorManifest connector, ConnectorOperation operation, ConnectedAccount? account, JsValue[] args)
    {
        // A stopped run makes no further call to a connected system.
        cancellation.ThrowIfCancellationRequested();
        var input = args.Length > 0 ? ToJson(args[0]) as JsonObject ?? [] : [];
        recorder.BeforeSideEffect();
        var watch = Stopwatch.StartNew();
        try
        {
            var result = operation.RunAsync(new OperationContext(http, account, connector.BaseUrls), input, cancellation).GetAwaiter().GetResult();
            var status = result is JsonObject obj && obj["status"] is JsonValue s && s.TryGetValue<int>(out var code) ? code : (int?)null;
            recorder.ConnectorCalled(operation.Id, status, watch.Elapsed.TotalMilliseconds, null);
            return FromJson(result);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            recorder.ConnectorCalled(operation.Id, null, watch.Elapsed.TotalMilliseconds, error.Message);
            throw new JavaScriptException(engine.Intrinsics.Error, $"{operation.Id} failed: {error.Message}");
        }
    }

    private JsValue CreateDocument(JsValue[] args)
    {
        var name = args.Length > 0 ? args[0].ToString() : "";
        var content = args.Length > 1 ? (args[1].IsString() ? args[1].AsString() : ToJson(args[1])?.ToJsonString() ?? "") : "";
        var mediaType = args.Length > 2 && args[2].IsString() ? args[2].AsString() : "text/plain";
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            throw new JavaScriptException(engine.Intrinsics.TypeError, "documents.create(name, content, mediaType) needs a name of 1 to 200 characters.");
        if (Interlocked.Increment(ref _documents) > run.Limits.MaxDocuments)
            throw new JavaScriptException(engine.Intrinsics.Error, $"A run creates at most {run.Limits.MaxDocuments} documents.");
        if (content.Length > run.Limits.MaxDocumentBytes)
            throw new JavaScriptException(engine.Intrinsics.Error, $"A document is limited to {run.Limits.MaxDocumentBytes / (1024 * 1024)} MB.");
        return recorder.DocumentCreated(name, content, mediaType).ToString();
    }

    private JsValue Render(JsValue[] args)
    {
        var template = Template.Parse(args.Length > 0 ? args[0].ToString() : "");
        if (template.HasErrors)
            throw new JavaScriptException(engine.Intrinsics.Error, "render: " + string.Join("; ", template.Messages));
        var context = new TemplateContext { MemberRenamer = member => member.Name, LoopLimit = 10_000 };
        var globals = new ScriptObject();
        if (args.Length > 1 && ToJson(args[1]) is JsonObject data)
            foreach (var (key, value) in data) globals[key] = ScribanJson.ToScript(value);
        context.PushGlobal(globals);
        return template.Render(context);
    }

    private string Text(JsValue[] args) =>
        string.Join(" ", args.Select(a => a.IsString() ? a.AsString() : a.IsObject() ? ToJson(a)?.ToJsonString() ?? "null" : a.ToString()));

    private JsValue FromJson(JsonNode? node) => node is null ? JsValue.Null : new JsonParser(engine).Parse(node.ToJsonString());

    private JsonNode? ToJson(JsValue value)
    {
        if (value.IsUndefined()) return null;
        var text = new JsonSerializer(engine).Serialize(value);
        return text.IsUndefined() ? null : JsonNode.Parse(text.AsString());
    }
}
