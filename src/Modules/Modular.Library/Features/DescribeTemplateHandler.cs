using Modular.BuildingBlocks.Connectors;
using Modular.Library.Contracts;

namespace Modular.Library.Features;

/// <summary>Other modules ask the library about a template through this request/reply.</summary>
public static class DescribeTemplateHandler
{
    public static TemplateDescription Handle(DescribeTemplate request, IConnectorCatalog catalog) =>
        catalog.FindTemplate(request.TemplateId) is { } entry
            ? new TemplateDescription(entry.Template.Id, true, entry.Template.Name, entry.Type, entry.Connector.Id,
                entry.Connector.Version, entry.Template.RequiresAccount || !entry.Connector.AllowsAnonymous)
            : new TemplateDescription(request.TemplateId, false);
}
