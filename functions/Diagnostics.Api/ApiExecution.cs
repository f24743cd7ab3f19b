using System.Net.Sockets;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Diagnostics.Api;

/// <summary>Runs one operation for either host and maps failures that escape it to problem details.</summary>
public static class ApiExecution
{
    public static async Task<IResult> RunAsync(HttpContext context, Func<HttpContext, Task<IResult>> handler)
    {
        SecurityHeaders.Apply(context.Response);
        try
        {
            return await handler(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Problems.Result(499, "Client closed request.", "The caller went away.");
        }
        catch (Exception e) when (IsStorageUnavailable(e))
        {
            Logger(context).LogWarning("Storage unavailable: {Error}", e.GetType().Name);
            context.Response.Headers.RetryAfter = "5";
            return Problems.Result(503, "Storage unavailable.", "The storage service did not answer; retry shortly. Nothing was changed.");
        }
        catch (BadHttpRequestException e)
        {
            return Problems.Result(e.StatusCode, "The request is not valid.", "The request body could not be read.");
        }
        catch (Exception e)
        {
            Logger(context).LogError(e, "Unhandled failure in {Path}", context.Request.Path.Value);
            return Problems.Result(500, "Internal error.", "Something went wrong on our side; it has been logged.");
        }
    }

    private static bool IsStorageUnavailable(Exception e) => e switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true,
        // A restarted or unreachable storage endpoint can also surface as a bare I/O error on a pooled connection.
        HttpRequestException or SocketException or TimeoutException or IOException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsStorageUnavailable),
        _ => e.InnerException is { } inner && IsStorageUnavailable(inner),
    };

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Diagnostics.Api");
}

/// <summary>Headers every response carries; log content is hostile, so nothing may run or be sniffed.</summary>
public static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
    public const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ApiPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
    }
}
