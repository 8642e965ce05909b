using Scriban;

namespace Modular.BuildingBlocks.Templates;

/// <summary>Scriban's parse errors in words a person can act on: where (line and column, from 1) and what.</summary>
public static class ScribanTemplates
{
    public static IReadOnlyList<string> ParseErrors(string text) =>
        Template.Parse(text) is { HasErrors: true } template
            ? template.Messages.Where(m => m.Type == Scriban.Parsing.ParserMessageType.Error)
                .Select(m => $"line {m.Span.Start.Line + 1}, column {m.Span.Start.Column + 1}: {m.Message}").ToList()
            : [];
}
