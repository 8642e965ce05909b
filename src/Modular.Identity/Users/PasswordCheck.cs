using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Modular.Identity.Users;

public enum PasswordOutcome
{
    Right,
    Wrong,
    LockedOut,
}

/// <summary>
/// Identity's password check with lockout, safe when the same account signs in from several places
/// at once. SignInManager's own check answers "failed" to the right password when resetting the
/// failure count loses a concurrency race (the user row's stamp changed meanwhile); here a lost race
/// is retried on the fresh row, and never turns a right password into a refusal.
/// </summary>
internal static class PasswordCheck
{
    private const int Attempts = 5;

    public static async Task<PasswordOutcome> CheckAsync(UserManager<User> users, UsersDbContext db, User user, string password)
    {
        if (await users.IsLockedOutAsync(user)) return PasswordOutcome.LockedOut;
        if (await users.CheckPasswordAsync(user, password))
        {
            await RetryAsync(db, user, () => users.ResetAccessFailedCountAsync(user));
            return PasswordOutcome.Right;
        }
        await RetryAsync(db, user, () => users.AccessFailedAsync(user));
        return await users.IsLockedOutAsync(user) ? PasswordOutcome.LockedOut : PasswordOutcome.Wrong;
    }

    private static async Task RetryAsync(UsersDbContext db, User user, Func<Task<IdentityResult>> update)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await update();
            if (result.Succeeded || attempt == Attempts || result.Errors.All(e => e.Code != nameof(IdentityErrorDescriber.ConcurrencyFailure))) return;
            await db.Entry(user).ReloadAsync();
        }
    }
}
