using System.Net.Mail;
using Microsoft.AspNetCore.Identity;

namespace Modular.Identity.Users;

public static class EmailAddress
{
    public static bool IsValid(string email) =>
        email.Length is > 2 and <= 254 && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email;
}

/// <summary>Identity's refusals as field errors for a 422.</summary>
public static class IdentityErrors
{
    public static Dictionary<string, string[]> ByField(IdentityResult result) =>
        result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
}
