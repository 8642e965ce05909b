using System.Text;
using Jint;
using Jint.Native;
using Modular.Plugins.Sdk;

namespace Modular.Runs.Sandbox.Globals;

/// <summary>
/// <c>documents.create(name, content, mediaType)</c>: a document the run hands over as its output, as text or,
/// from a Uint8Array, an ArrayBuffer or a <c>{ base64, mediaType }</c> (how <c>rest.request</c> answers a
/// binary body), as bytes.
/// </summary>
internal sealed class DocumentsGlobal : IScriptGlobal
{
    private int _documents;

    public IReadOnlyList<ScriptDoc> Docs { get; } =
    [
        new("documents", "documents", "The documents the run hands over as its output.",
            [new("create", "documents.create(name, content, mediaType)",
                "Creates a document of the run, listed on its page to open or download: text (CSV, JSON...), or bytes from a Uint8Array, an ArrayBuffer " +
                "or a binary answer's body ({ base64, mediaType }, e.g. an image or a PDF). mediaType defaults to the body's, else text/plain.")]),
    ];

    public void Install(RunningScript run)
    {
        var documents = new JsObject(run.Engine);
        documents.Set("create", run.Function("create", args => Create(run, args)));
        run.Define(this, "documents", documents);
    }

    private JsValue Create(RunningScript run, JsValue[] args)
    {
        var limits = run.Limits;
        var name = args.Length > 0 ? args[0].ToString() : "";
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            throw run.Values.TypeError("documents.create(name, content, mediaType) needs a name of 1 to 200 characters.");
        var value = args.Length > 1 ? args[1] : JsValue.Undefined;
        var (bytes, bodyType) = Bytes(run, value);
        // Stored as given (within 200 characters); the download serves only allow-listed types as themselves.
        var mediaType = args.Length > 2 && args[2].IsString() ? SafeText.Clean(args[2].AsString(), 200) : bodyType ?? "text/plain";
        if (++_documents > limits.MaxDocuments)
            throw run.Values.Error($"A run creates at most {limits.MaxDocuments} documents.");
        var content = bytes is null ? SafeText.Clean(value.IsString() ? value.AsString() : run.Values.Serialize(value, "documents.create") ?? "") : null;
        if ((bytes?.Length ?? Encoding.UTF8.GetByteCount(content!)) > limits.MaxDocumentBytes)
            throw run.Values.Error($"A document is limited to {limits.MaxDocumentBytes / (1024 * 1024)} MB.");
        var id = Guid.CreateVersion7();
        run.Send(new SandboxMessage { Type = "document", DocumentId = id, Name = SafeText.Clean(name), Content = content, Bytes = bytes, MediaType = mediaType });
        return id.ToString();
    }

    /// <summary>The bytes of a binary content, and the media type it names; (null, null) for text.</summary>
    private static (byte[]? Bytes, string? MediaType) Bytes(RunningScript run, JsValue value)
    {
        if (value.IsUint8Array()) return (value.AsUint8Array(), null);
        if (value.IsArrayBuffer()) return (value.AsArrayBuffer(), null);
        if (value is not JsObject body || !body.Get("base64").IsString()) return (null, null);
        var base64 = body.Get("base64").AsString();
        // Within the document limit before decoding (the string itself is bounded by the script's memory).
        if (base64.Length / 4 * 3 > run.Limits.MaxDocumentBytes + 3)
            throw run.Values.Error($"A document is limited to {run.Limits.MaxDocumentBytes / (1024 * 1024)} MB.");
        var bytes = new byte[base64.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
            throw run.Values.TypeError("documents.create: content.base64 is not valid base64.");
        var mediaType = body.Get("mediaType") is { } type && type.IsString() ? SafeText.Clean(type.AsString(), 200) : null;
        return (bytes[..written], mediaType);
    }
}
