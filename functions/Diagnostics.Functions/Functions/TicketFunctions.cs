using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Diagnostics.Functions.Functions;

public sealed class TicketFunctions
{
    [Function(nameof(OpenTicket))]
    public Task<IActionResult> OpenTicket(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "tickets/{ticketId}/opened")] HttpRequest request, string ticketId) =>
        ApiFunction.RunAsync(request, nameof(OpenTicket), (nameof(ticketId), ticketId));

    [Function(nameof(CloseTicket))]
    public Task<IActionResult> CloseTicket(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "tickets/{ticketId}/closed")] HttpRequest request, string ticketId) =>
        ApiFunction.RunAsync(request, nameof(CloseTicket), (nameof(ticketId), ticketId));
}
