using System.Security.Cryptography;
using System.Text;

namespace Modular.Identity.FirstStart;

/// <summary>
/// The one-time code that proves the person creating the owner account can read the host's output
/// (as Jenkins' initial admin password does). Each node prints its own at start; only hashes are stored.
/// </summary>
public sealed record SetupCode(string Id, string Hash, DateTimeOffset CreatedAt)
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

    /// <summary>Four groups of four characters: about 78 bits.</summary>
    public static string NewCode()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 16; i++)
        {
            if (i > 0 && i % 4 == 0) text.Append('-');
            text.Append(Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]);
        }
        return text.ToString();
    }

    /// <summary>Case, spaces and dashes do not matter when the code is typed in.</summary>
    public static string HashOf(string code)
    {
        var normalized = new string(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }
}
