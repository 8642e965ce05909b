
namespace Modular.Runs.Domain;

/// <summary>A document a run produced (documents.create), downloadable with its media type: text, or bytes.</summary>
public sealed class RunDocument
{
    public Guid Id { get; set; }
    public Guid RunId { get; set; }
    public Guid ActionId { get; set; }
    public string Name { get; set; } = "";
    public string MediaType { get; set; } = "";
    public string Content { get; set; } = "";
    /// <summary>The content of a binary document (an image, a PDF...); <see cref="Content"/> is then empty.</summary>
    public byte[]? Bytes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
