using Diagnostics.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Diagnostics.Functions.Functions;

/// <summary>Runs a shared operation for an HTTP-triggered function and adapts its IResult to the worker's IActionResult.</summary>
internal static class ApiFunction
{
    public static async Task<IActionResult> RunAsync(HttpRequest request, string routeName, params (string Name, string Value)[] routeValues)
    {
        // The Functions host did the routing; the shared handlers read route values the ASP.NET Core way.
        foreach (var (name, value) in routeValues)
        {
            request.RouteValues[name] = value;
        }

        var result = await ApiExecution.RunAsync(request.HttpContext, ApiRoutes.Named(routeName).Handler);
        return new ResultActionResult(result);
    }

    private sealed class ResultActionResult(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
