using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Scriban;
using Scriban.Runtime;

namespace Modular.Runs.Sandbox.Globals;

/// <summary><c>render(template, data)</c>: text from a Scriban template, for messages and documents.</summary>
internal sealed class RenderGlobal : IScriptGlobal
{
    public IReadOnlyList<ScriptDoc> Docs { get; } =
        [new("render", "render(template, data)", "Text from a Scriban template over data, e.g. render('Order {{ input.id }}', { input }).")];

    public void Install(RunningScript run) => run.Define(this, "render", run.Function("render", args => Render(run, args)));

    private static JsValue Render(RunningScript run, JsValue[] args)
    {
        var template = Template.Parse(args.Length > 0 ? args[0].ToString() : "");
        if (template.HasErrors)
            throw run.Values.Error("render: the template is not valid: " + string.Join("; ", template.Messages
                .Select(m => $"line {m.Span.Start.Line + 1}, column {m.Span.Start.Column + 1}: {m.Message}")));
        // No loader: include and import fail with Scriban's own error; loops and recursion are bounded.
        var context = new TemplateContext { MemberRenamer = member => member.Name, LoopLimit = 10_000, RecursiveLimit = 64, LimitToString = 1_000_000 };
        var globals = new ScriptObject();
        if (args.Length > 1 && args[1] is ObjectInstance data && !data.IsArray())
            foreach (var key in data.GetOwnPropertyKeys(Types.String))
                globals[key.ToString()] = ScriptValue(run, data.Get(key), 1);
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch (Exception error) when (error is Scriban.Syntax.ScriptRuntimeException or InvalidOperationException or ArgumentException)
        {
            throw run.Values.Error("render: " + error.Message);
        }
    }

    /// <summary>A script value as Scriban sees it, to <see cref="ScriptValues.MaxDepth"/> levels.</summary>
    private static object? ScriptValue(RunningScript run, JsValue value, int depth)
    {
        if (depth > ScriptValues.MaxDepth) throw run.Values.Error($"render: the data is nested deeper than {ScriptValues.MaxDepth} levels.");
        return value switch
        {
            _ when value.IsString() => value.AsString(),
            _ when value.IsNumber() => value.AsNumber(),
            _ when value.IsBoolean() => value.AsBoolean(),
            JsArray array => new ScriptArray(Enumerable.Range(0, (int)array.Length).Select(i => ScriptValue(run, array.Get(i), depth + 1))),
            ObjectInstance obj when obj is not Jint.Native.Function.Function => obj.GetOwnPropertyKeys(Types.String)
                .Aggregate(new ScriptObject(), (script, key) =>
                {
                    script[key.ToString()] = ScriptValue(run, obj.Get(key), depth + 1);
                    return script;
                }),
            _ => null,
        };
    }
}
