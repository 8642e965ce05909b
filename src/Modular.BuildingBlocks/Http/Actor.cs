using Microsoft.AspNetCore.Http;

namespace Modular.BuildingBlocks.Http;

/// <summary>
/// Who makes a change, for history records. Until sign-in exists it is the <c>X-User</c> header
/// (trimmed to 100 characters), or "admin".
/// </summary>
public static class Actor
{
    public const string HeaderName = "X-User";

    public static string Name(HttpContext http)
    {
        var name = http.Request.Headers[HeaderName].ToString().Trim();
        return name.Length == 0 ? "admin" : name[..Math.Min(name.Length, 100)];
    }
}
