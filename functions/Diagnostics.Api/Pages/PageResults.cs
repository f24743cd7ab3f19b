using Microsoft.AspNetCore.Http;

namespace Diagnostics.Api.Pages;

internal static class PageResults
{
    public static IResult Html(HttpContext context, string html)
    {
        context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.PagePolicy;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
