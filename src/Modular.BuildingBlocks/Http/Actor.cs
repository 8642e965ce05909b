using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Modular.BuildingBlocks.Http;

/// <summary>Who makes a change, for history records: the signed-in user (and the API key, when one was used).</summary>
public static class Actor
{
    public static string Name(HttpContext http) => http.User.FindFirstValue(ClaimTypes.Name) ?? "anonymous";
}
