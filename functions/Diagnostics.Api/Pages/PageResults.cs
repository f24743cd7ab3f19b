using Microsoft.AspNetCore.Http;

namespace Diagnostics.Api.Pages;

internal static class PageResults
{
    public static IResult Html(HttpContext context, string html, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.PagePolicy;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
