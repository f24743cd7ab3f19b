using System.Text.Json;
using Diagnostics.Core.Domain;
using Microsoft.AspNetCore.Http;

namespace Diagnostics.Api.Endpoints;

internal static class HttpContextExtensions
{
    private const int MaxJsonBytes = 64 * 1024;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { MaxDepth = 16 };

    public static string? Route(this HttpContext context, string name) =>
        context.Request.RouteValues.TryGetValue(name, out var value) ? value as string : null;

    /// <summary>The route id if valid; the caller answers 400 otherwise, before touching storage.</summary>
    public static string? ValidId(this HttpContext context, string name) => context.Route(name) is { } id && Ids.IsValid(id) ? id : null;

    /// <summary>Reads a small JSON body, bounded in size and depth.</summary>
    public static async Task<(T? Value, IResult? Failure)> ReadJsonAsync<T>(this HttpContext context)
        where T : class
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, Problems.Result(415, "Unsupported media type.", "Send application/json."));
        }

        if (context.Request.ContentLength > MaxJsonBytes)
        {
            return (null, Problems.Result(413, "Too large.", $"The JSON body exceeds {MaxJsonBytes} bytes."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes)
            {
                return (null, Problems.Result(413, "Too large.", $"The JSON body exceeds {MaxJsonBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Json);
            return value is null
                ? (null, Problems.Result(400, "The request is not valid.", "The body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException)
        {
            return (null, Problems.Result(400, "The request is not valid.", "The body is not valid JSON of the expected shape."));
        }
    }

    public static string PublicOrigin(this HttpContext context, string? configured) =>
        string.IsNullOrEmpty(configured) ? $"{context.Request.Scheme}://{context.Request.Host}" : configured.TrimEnd('/');
}
