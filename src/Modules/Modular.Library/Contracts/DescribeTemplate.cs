namespace Modular.Library.Contracts;

/// <summary>Asks the library for a template; answered with <see cref="TemplateDescription"/>.</summary>
public sealed record DescribeTemplate(string TemplateId);

/// <summary><see cref="Found"/> is false when no loaded plugin supplies the template.</summary>
public sealed record TemplateDescription(
    string TemplateId,
    bool Found,
    string? Name = null,
    string? Type = null,
    string? ConnectorId = null,
    string? Version = null,
    bool RequiresAccount = false);
