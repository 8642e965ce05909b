using System.Text;
using Jint;
using Jint.Native;
using Modular.Plugins.Sdk;

namespace Modular.Runs.Sandbox.Globals;

/// <summary><c>documents.create(name, content, mediaType)</c>: a document the run hands over as its output.</summary>
internal sealed class DocumentsGlobal : IScriptGlobal
{
    private int _documents;

    public IReadOnlyList<ScriptDoc> Docs { get; } =
    [
        new("documents", "documents", "The documents the run hands over as its output.",
            [new("create", "documents.create(name, content, mediaType)", "Creates a document of the run (text, e.g. CSV or JSON), listed on its page to open or download; mediaType defaults to text/plain.")]),
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
        var content = args.Length > 1 ? (args[1].IsString() ? args[1].AsString() : run.Values.Serialize(args[1], "documents.create") ?? "") : "";
        // Stored as given (within 200 characters); the download serves only allow-listed types as themselves.
        var mediaType = args.Length > 2 && args[2].IsString() ? SafeText.Clean(args[2].AsString(), 200) : "text/plain";
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            throw run.Values.TypeError("documents.create(name, content, mediaType) needs a name of 1 to 200 characters.");
        if (++_documents > limits.MaxDocuments)
            throw run.Values.Error($"A run creates at most {limits.MaxDocuments} documents.");
        content = SafeText.Clean(content);
        if (Encoding.UTF8.GetByteCount(content) > limits.MaxDocumentBytes)
            throw run.Values.Error($"A document is limited to {limits.MaxDocumentBytes / (1024 * 1024)} MB.");
        var id = Guid.CreateVersion7();
        run.Send(new SandboxMessage { Type = "document", DocumentId = id, Name = SafeText.Clean(name), Content = content, MediaType = mediaType });
        return id.ToString();
    }
}
