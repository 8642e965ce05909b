namespace Modular.BuildingBlocks.Http;

/// <summary>Every rule an input breaks, keyed by the JSON pointer of the offending value.</summary>
public sealed class Violations
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string pointer, string message)
    {
        if (!_errors.TryGetValue(pointer, out var messages)) _errors[pointer] = messages = [];
        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
