using Diagnostics.Api.Pages;
using Microsoft.AspNetCore.Http;

namespace Diagnostics.Api.Endpoints;

public static class PageEndpoints
{
    public static Task<IResult> AgentConsoleAsync(HttpContext context) => Task.FromResult(PageResults.Html(context, AgentPage.Render()));
}
