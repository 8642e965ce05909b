using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Acornima.Ast;
using Jint;
using Modular.Plugins.Sdk;
using Jint.Native;
using Jint.Runtime;

namespace Modular.Runs.Sandbox;

/// <summary>
/// Runs one action's JavaScript in Jint: no CLR or file access; limits on time, memory, statements
/// and recursion; the stop token checked between statements. Every way a script can fail ends as a
/// <c>done</c> message with the real reason: nothing a script does is this process's failure, except
/// overflowing the native stack or the heap, which end the process (the host reports them).
/// </summary>
public static class ScriptRunner
{
    // The code runs as the body of an async function, so scripts may use top-level await.
    private const string Prefix = "(async function action() {\n";
    private const int PrefixLines = 1;
    private const int MaxParsedScripts = 200;
    /// <summary>A regular expression gets this long per match (they cannot be cancelled while matching).</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);
    /// <summary>The longest array a script may build (elements, not bytes).</summary>
    public const uint MaxArrayLength = 10_000_000;
    public const int MaxErrorLength = 4_000;

    private static readonly ConcurrentDictionary<string, Prepared<Script>> Parsed = new();

    public static SandboxMessage Run(SandboxMessage run, SandboxConnection host, CancellationToken stop)
    {
        var limits = run.Limits!;
        using var timeout = new CancellationTokenSource(limits.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        try
        {
            var engine = new Engine(options =>
            {
                options.Strict()
                    .LimitMemory(limits.MemoryBytes)
                    .MaxStatements(limits.MaxStatements)
                    .LimitRecursion(limits.MaxRecursion)
                    .CancellationToken(linked.Token);
                options.Constraints.RegexTimeout = RegexTimeout;
                options.Constraints.PromiseTimeout = limits.Timeout;
                options.Constraints.MaxArraySize = MaxArrayLength;
                options.Host.StringCompilationAllowed = false;
            });
            new ScriptGlobals(engine, run, host, linked.Token).Install();
            // Parsed scripts are reused across runs; edited code leaves old entries behind, so the cache is bounded.
            if (Parsed.Count > MaxParsedScripts) Parsed.Clear();
            var script = Parsed.GetOrAdd(run.Code ?? "", code => Engine.PrepareScript(Prefix + code + "\n})()"));
            // Waits on the run's own token: its time limit and a stop end the wait as they end the script.
            engine.Evaluate(script).UnwrapIfPromise(linked.Token);
            return Done("succeeded");
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            return Done("stopped");
        }
        catch (RegexMatchTimeoutException)
        {
            return Failed($"A regular expression ran longer than {RegexTimeout.TotalSeconds:0} s (its pattern backtracks too much for this text).");
        }
        catch (Exception error) when (timeout.IsCancellationRequested || error is TimeoutException)
        {
            return Failed($"The script ran longer than its time limit ({limits.Timeout}).");
        }
        catch (MemoryLimitExceededException)
        {
            return Failed($"The script used more memory than its limit ({limits.MemoryBytes / (1024 * 1024)} MB).");
        }
        catch (StatementsCountOverflowException)
        {
            return Failed($"The script ran more than its limit of {limits.MaxStatements:N0} statements.");
        }
        catch (RecursionDepthOverflowException)
        {
            return Failed($"The script recursed deeper than its limit of {limits.MaxRecursion} calls.");
        }
        catch (JavaScriptException error)
        {
            return Failed(error.Message, ScriptLine(error.Location.Start.Line));
        }
        catch (PromiseRejectedException error)
        {
            return Failed(RejectionMessage(error.RejectedValue), LineOf(error.RejectedValue));
        }
        catch (Acornima.ParseErrorException error)
        {
            return Failed($"Syntax error: {error.Description}", ScriptLine(error.LineNumber));
        }
        catch (InsufficientExecutionStackException)
        {
            return Failed("The script's code or values are nested too deeply.");
        }
        catch (OutOfMemoryException)
        {
            // The heap is at its hard limit: this process may be left unable to work, so it ends after this run.
            return Failed("The script used more memory than the sandbox allows.") with { Exiting = true };
        }
        catch (Exception error)
        {
            return Failed($"The script failed: {error.Message}");
        }
    }

    private static SandboxMessage Done(string outcome) => new() { Type = "done", Outcome = outcome };

    private static SandboxMessage Failed(string error, int? line = null) =>
        new() { Type = "done", Outcome = "failed", Error = SafeText.Clean(error, MaxErrorLength), Line = line };

    private static int? ScriptLine(int line) => line > PrefixLines ? line - PrefixLines : null;

    private static string RejectionMessage(JsValue value) =>
        value is Jint.Native.Object.ObjectInstance error && error.Get("message") is var message && message.IsString()
            ? message.AsString()
            : value.ToString();

    private static int? LineOf(JsValue value)
    {
        // Error stacks read "at action (<anonymous>:LINE:COLUMN)"; the first frame is where it was thrown.
        if (value is not Jint.Native.Object.ObjectInstance error || error.Get("stack") is var stack && !stack.IsString()) return null;
        var match = Regex.Match(stack.AsString(), @":(\d+):\d+");
        return match.Success && int.TryParse(match.Groups[1].Value, out var line) ? ScriptLine(line) : null;
    }
}
