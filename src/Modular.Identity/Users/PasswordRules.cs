using Microsoft.AspNetCore.Identity;

namespace Modular.Identity.Users;

/// <summary>The password rules, applied by Identity and shown in the console's forms as they are written here.</summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;

    public static string Text => $"At least {MinimumLength} characters.";

    public static void Apply(IdentityOptions options)
    {
        options.Password.RequiredLength = MinimumLength;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
        options.User.RequireUniqueEmail = true;
        options.User.AllowedUserNameCharacters += "+";
    }
}
