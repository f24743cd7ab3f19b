using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Diagnostics.Api.Endpoints;

/// <summary>The pages' scripts and styles, embedded in the assembly: no external resource, no inline script.</summary>
public static partial class AssetEndpoints
{
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    public static Task<IResult> GetAsync(HttpContext context)
    {
        var name = context.Route("name");
        if (name is null || !AssetName().IsMatch(name) ||
            !ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType) ||
            typeof(AssetEndpoints).Assembly.GetManifestResourceStream("assets/" + name) is not { } stream)
        {
            return Task.FromResult(Problems.Result(404, "Not found.", "No such asset."));
        }

        context.Response.Headers.CacheControl = "public, max-age=300";
        return Task.FromResult(Results.Stream(stream, contentType));
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}\\.[a-z]{2,3}$")]
    private static partial Regex AssetName();
}
