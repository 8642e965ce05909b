using System.Xml;

namespace Modular.Plugins.Sdk;

/// <summary>
/// A connector's icon is an SVG image, drawn the same on every machine (an emoji renders as an empty
/// box where no emoji font is installed). The console shows it in an img element, where an SVG runs
/// nothing; it is still refused with script, event handlers or embedded HTML, so it is only ever a picture.
/// </summary>
public static class ConnectorIcon
{
    public const int MaxLength = 16 * 1024;
    private const string SvgNamespace = "http://www.w3.org/2000/svg";

    /// <summary>Why <paramref name="svg"/> is not a usable icon, or null when it is.</summary>
    public static string? Problem(string svg)
    {
        if (svg.Length > MaxLength) return $"the icon is {svg.Length} characters; an icon is at most {MaxLength}.";
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxLength };
        try
        {
            using var reader = XmlReader.Create(new StringReader(svg), settings);
            var root = true;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (root && (reader.LocalName != "svg" || reader.NamespaceURI != SvgNamespace))
                    return $"the icon must be an <svg> element in the {SvgNamespace} namespace.";
                root = false;
                if (reader.LocalName is "script" or "foreignObject" || reader.NamespaceURI != SvgNamespace && reader.NamespaceURI.Length > 0 && !reader.NamespaceURI.StartsWith("http://www.w3.org/", StringComparison.Ordinal))
                    return $"the icon must be a picture: <{reader.Name}> is not allowed.";
                while (reader.MoveToNextAttribute())
                    if (reader.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase) || reader.Value.Contains("javascript:", StringComparison.OrdinalIgnoreCase))
                        return $"the icon must be a picture: the attribute {reader.Name} is not allowed.";
            }
            return root ? "the icon is empty." : null;
        }
        catch (XmlException exception)
        {
            return $"the icon is not well-formed SVG: {exception.Message}";
        }
    }
}
