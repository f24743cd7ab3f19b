using System.Security.Cryptography;
using System.Text;
using Diagnostics.Api;

namespace Diagnostics.LocalHost;

/// <summary>What the Functions host does for AuthorizationLevel.Function routes, done here for the local host.</summary>
internal static class FunctionKeyCheck
{
    public static bool Passes(HttpContext context, string expected)
    {
        string? given = context.Request.Headers["x-functions-key"];
        if (string.IsNullOrEmpty(given))
        {
            given = context.Request.Query["code"];
        }

        return !string.IsNullOrEmpty(given) &&
            CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    public static IResult Denied() => Problems.Result(401, "Function key required.", "Send the function key in the x-functions-key header or the code query parameter.");
}
