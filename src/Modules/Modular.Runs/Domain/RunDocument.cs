
namespace Modular.Runs.Domain;

/// <summary>A document a run produced (documents.create), downloadable with its media type.</summary>
public sealed class RunDocument
{
    public Guid Id { get; set; }
    public Guid RunId { get; set; }
    public Guid ActionId { get; set; }
    public string Name { get; set; } = "";
    public string MediaType { get; set; } = "";
    public string Content { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
