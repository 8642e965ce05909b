using System.Text.Json.Nodes;

namespace Modular.Actions.Domain;

/// <summary>One recorded change of an action: who, when, what (each field's value before and after).</summary>
public sealed class ActionChange
{
    public Guid Id { get; set; }
    public Guid ActionId { get; set; }
    public int Version { get; set; }
    public string Kind { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string By { get; set; } = "";
    public List<FieldChange> Changes { get; set; } = [];
}

public sealed record FieldChange(string Field, JsonNode? From, JsonNode? To);
