using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acornima;

namespace Modular.Actions.Domain;

/// <summary>
/// An action's code is its template's script with the configuration applied: a generated block
/// declaring <c>config</c>, then the script. Hand edits keep the block, so later configuration
/// changes still reach hand-edited code.
/// </summary>
public static class ActionCode
{
    public const int MaxLength = 200_000;
    private const string BlockStart = "// ---- configuration: generated from the action's settings; change them on its configuration page ----";
    private const string BlockEnd = "// ---- end of configuration ----";
    // The block is JavaScript source, not HTML: quotes and non-ASCII text stay readable.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Generate(JsonObject configuration, string script) =>
        ConfigurationBlock(configuration) + "\n\n" + script.Trim() + "\n";

    /// <summary>Replaces the configuration block of (possibly hand-edited) code; code without one is left as it is.</summary>
    public static string ApplyConfiguration(string code, JsonObject configuration)
    {
        var start = code.IndexOf(BlockStart, StringComparison.Ordinal);
        var end = code.IndexOf(BlockEnd, StringComparison.Ordinal);
        if (start < 0 || end < start) return code;
        return code[..start] + ConfigurationBlock(configuration) + code[(end + BlockEnd.Length)..];
    }

    private static string ConfigurationBlock(JsonObject configuration) =>
        $"{BlockStart}\nconst config = {configuration.ToJsonString(Indented)};\n{BlockEnd}";

    /// <summary>
    /// Parses the code as the body of an async function (scripts use top-level await), and answers
    /// the first syntax error with its line and column in the code as written.
    /// </summary>
    public static SyntaxProblem? FindSyntaxError(string code)
    {
        try
        {
            new Parser().ParseScript("(async function action() {\n" + code + "\n})");
            return null;
        }
        catch (ParseErrorException error)
        {
            var message = error.Message;
            var marker = message.IndexOf(" (", StringComparison.Ordinal);
            return new SyntaxProblem(marker > 0 ? message[..marker] : message, Math.Max(1, error.LineNumber - 1), error.Column);
        }
        catch (InsufficientExecutionStackException)
        {
            // The parser guards its own stack: code nested this deeply is refused, not a crash.
            return new SyntaxProblem("The code is nested too deeply to be read.", 1, 1);
        }
    }
}

public sealed record SyntaxProblem(string Message, int Line, int Column);
