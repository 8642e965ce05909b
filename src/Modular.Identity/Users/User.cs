using Microsoft.AspNetCore.Identity;

namespace Modular.Identity.Users;

/// <summary>A person who signs in. The user name is the email address.</summary>
public sealed class User : IdentityUser<Guid>
{
    public DateTimeOffset CreatedAt { get; set; }
}
