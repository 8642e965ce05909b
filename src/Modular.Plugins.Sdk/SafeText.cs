using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Modular.Plugins.Sdk;

/// <summary>
/// Text a script produced, made storable: PostgreSQL's jsonb refuses U+0000 and lone UTF-16
/// surrogates, so they become U+FFFD; overlong text is cut with a notice.
/// </summary>
public static class SafeText
{
    public static string Clean(string text, int maxLength = int.MaxValue)
    {
        if (text.Length > maxLength) text = text[..maxLength] + $"… ({text.Length - maxLength:N0} more characters cut)";
        var bad = FirstBad(text);
        if (bad < 0) return text;
        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, bad);
        for (var i = bad; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(c == '\0' || char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return builder.ToString();
    }

    /// <summary>The index of the first U+0000 or lone surrogate, or -1.</summary>
    public static int FirstBad(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return i;
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else return i;
        }
        return -1;
    }

    /// <summary>
    /// JSON text whose escapes of U+0000 and of lone surrogates are replaced by <c>\ufffd</c>: a JSON
    /// reader refuses to decode a lone surrogate at all, so the text is mended before it is parsed.
    /// </summary>
    public static string CleanJsonEscapes(string json)
    {
        if (!json.Contains("\\u", StringComparison.OrdinalIgnoreCase)) return json;
        var builder = new StringBuilder(json.Length);
        var pendingHigh = -1;
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != '\\' || i + 1 >= json.Length)
            {
                CloseHigh();
                builder.Append(json[i]);
                continue;
            }
            if (json[i + 1] != 'u' || i + 5 >= json.Length || !int.TryParse(json.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var code))
            {
                CloseHigh();
                builder.Append(json, i, 2);
                i++;
                continue;
            }
            if (code is >= 0xDC00 and <= 0xDFFF && pendingHigh >= 0)
            {
                builder.Append(json, pendingHigh, 6).Append(json, i, 6);
                pendingHigh = -1;
            }
            else
            {
                CloseHigh();
                if (code is >= 0xD800 and <= 0xDBFF) pendingHigh = i;
                else builder.Append(code is 0 or >= 0xDC00 and <= 0xDFFF ? "\\ufffd" : json.Substring(i, 6));
            }
            i += 5;
        }
        CloseHigh();
        return builder.ToString();

        // A high surrogate not followed by a low one stands alone.
        void CloseHigh()
        {
            if (pendingHigh < 0) return;
            builder.Append("\\ufffd");
            pendingHigh = -1;
        }
    }

    /// <summary>The same JSON with every key and string made storable (a copy when anything changed).</summary>
    public static JsonNode? Clean(JsonNode? node) => node switch
    {
        JsonObject obj when !IsClean(obj) => new JsonObject(obj.Select(pair => KeyValuePair.Create(Clean(pair.Key), Clean(pair.Value?.DeepClone())))),
        JsonArray array when !IsClean(array) => new JsonArray([.. array.Select(item => Clean(item?.DeepClone()))]),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is var text && FirstBad(text) >= 0 => JsonValue.Create(Clean(text)),
        _ => node,
    };

    private static bool IsClean(JsonNode node) => node switch
    {
        JsonObject obj => obj.All(pair => FirstBad(pair.Key) < 0 && (pair.Value is null || IsClean(pair.Value))),
        JsonArray array => array.All(item => item is null || IsClean(item)),
        JsonValue value => value.GetValueKind() != JsonValueKind.String || FirstBad(value.GetValue<string>()) < 0,
        _ => true,
    };
}
