using System.Text.Json.Nodes;

namespace Modular.BuildingBlocks.History;

/// <summary>
/// One recorded change of something users edit: who, when, what (each field's value before and
/// after). Each module keeps its own subclass, in its own schema.
/// </summary>
public abstract class ChangeRecord
{
    public Guid Id { get; set; }
    public Guid SubjectId { get; set; }
    public int Version { get; set; }
    public string Kind { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string By { get; set; } = "";
    public List<FieldChange> Changes { get; set; } = [];

    public static TRecord Create<TRecord>(Guid subjectId, int version, string kind, string by, DateTimeOffset at, List<FieldChange> changes)
        where TRecord : ChangeRecord, new() =>
        new() { Id = Guid.CreateVersion7(), SubjectId = subjectId, Version = version, Kind = kind, By = by, At = at, Changes = changes };

    /// <summary>The fields whose values differ between two snapshots.</summary>
    public static List<FieldChange> Diff(JsonObject before, JsonObject after) =>
        after.Where(field => !JsonNode.DeepEquals(before[field.Key], field.Value))
            .Select(field => new FieldChange(field.Key, before[field.Key]?.DeepClone(), field.Value?.DeepClone()))
            .ToList();
}

public sealed record FieldChange(string Field, JsonNode? From, JsonNode? To);
