using System.Text;

namespace Modular.Runs.Sandbox;

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
}
