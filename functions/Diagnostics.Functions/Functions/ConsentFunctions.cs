using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Diagnostics.Functions.Functions;

/// <summary>The customer's routes: anonymous to the host, authorized by the signed consent token.</summary>
public sealed class ConsentFunctions
{
    [Function(nameof(ConsentPage))]
    public Task<IActionResult> ConsentPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "consent/{token}")] HttpRequest request, string token) =>
        ApiFunction.RunAsync(request, nameof(ConsentPage), (nameof(token), token));

    [Function(nameof(DecideConsent))]
    public Task<IActionResult> DecideConsent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "consent/{token}")] HttpRequest request, string token) =>
        ApiFunction.RunAsync(request, nameof(DecideConsent), (nameof(token), token));

    [Function(nameof(RevokeConsent))]
    public Task<IActionResult> RevokeConsent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "consent/{token}")] HttpRequest request, string token) =>
        ApiFunction.RunAsync(request, nameof(RevokeConsent), (nameof(token), token));

    [Function(nameof(ExportData))]
    public Task<IActionResult> ExportData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "consent/{token}/data")] HttpRequest request, string token) =>
        ApiFunction.RunAsync(request, nameof(ExportData), (nameof(token), token));
}
