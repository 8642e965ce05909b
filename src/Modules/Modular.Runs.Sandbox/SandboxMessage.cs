using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Modular.Runs.Sandbox;

/// <summary>
/// One line of the conversation between the host and a sandbox process, as JSON: the host sends
/// <c>run</c>, <c>reply</c> and <c>stop</c>; the sandbox sends <c>log</c>, <c>step</c>, <c>stepEnd</c>,
/// <c>document</c>, <c>call</c> and <c>done</c>, and <c>retiring</c> once it takes no further runs (it
/// hit its heap limit or grew too large: the host ends it once its runs have ended). A process runs many runs at once: every message but
/// <c>ready</c> names its run (<see cref="RunId"/>), and a call and its reply name the call. Its first
/// line, once it has warmed up, is <c>ready</c>.
/// </summary>
public sealed record SandboxMessage
{
    public const string Ready = "ready";

    public string Type { get; init; } = "";
    /// <summary>The run this message is about, numbered by the host per process.</summary>
    public int RunId { get; init; }
    /// <summary>call, reply: which of the run's calls (a run may wait on several at once).</summary>
    public int? CallId { get; init; }

    // run
    public string? Code { get; init; }
    public JsonNode? Input { get; init; }
    public SandboxLimits? Limits { get; init; }
    /// <summary>Script name of each connector (e.g. <c>rest</c>) → operation name → operation id (<c>rest.request</c>).</summary>
    public Dictionary<string, Dictionary<string, string>>? Connectors { get; init; }

    // log, step, stepEnd, document, call, reply, done
    public string? Level { get; init; }
    public string? Text { get; init; }
    public int? Step { get; init; }
    public string? Name { get; init; }
    public double? DurationMs { get; init; }
    public string? Error { get; init; }
    public Guid? DocumentId { get; init; }
    public string? Content { get; init; }
    /// <summary>document: the content of a binary document (base64 in the line), instead of <see cref="Content"/>.</summary>
    public byte[]? Bytes { get; init; }
    public string? MediaType { get; init; }
    public string? Operation { get; init; }
    public JsonNode? Result { get; init; }
    /// <summary>done: succeeded, failed or stopped.</summary>
    public string? Outcome { get; init; }
    public int? Line { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Inputs and connector answers are bounded by the host; this only has to hold what they can nest.
        MaxDepth = 128,
    };

    /// <summary>The <c>ready</c> line as sent (declared after <see cref="Json"/>, which it is written with).</summary>
    public static readonly string ReadyLine = new SandboxMessage { Type = Ready }.ToLine();

    public string ToLine() => JsonSerializer.Serialize(this, Json);

    public static SandboxMessage FromLine(string line) => JsonSerializer.Deserialize<SandboxMessage>(line, Json)
        ?? throw new JsonException("An empty sandbox message.");
}

/// <summary>A run's limits, as the host decided them.</summary>
public sealed record SandboxLimits(
    TimeSpan Timeout, long MemoryBytes, int MaxStatements, int MaxRecursion, int MaxDocuments, int MaxDocumentBytes, int MaxSteps);
