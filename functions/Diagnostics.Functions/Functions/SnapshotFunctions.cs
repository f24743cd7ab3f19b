using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Diagnostics.Functions.Functions;

public sealed class SnapshotFunctions
{
    [Function(nameof(PushSnapshot))]
    public Task<IActionResult> PushSnapshot(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "tickets/{ticketId}/snapshots")] HttpRequest request, string ticketId) =>
        ApiFunction.RunAsync(request, nameof(PushSnapshot), (nameof(ticketId), ticketId));

    /// <summary>Agents: anonymous to the host; App Service Authentication supplies the principal and the handler checks the role.</summary>
    [Function(nameof(ListSnapshots))]
    public Task<IActionResult> ListSnapshots(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tickets/{ticketId}/snapshots")] HttpRequest request, string ticketId) =>
        ApiFunction.RunAsync(request, nameof(ListSnapshots), (nameof(ticketId), ticketId));

    [Function(nameof(ReadSnapshot))]
    public Task<IActionResult> ReadSnapshot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tickets/{ticketId}/snapshots/{snapshotId}")] HttpRequest request,
        string ticketId,
        string snapshotId) =>
        ApiFunction.RunAsync(request, nameof(ReadSnapshot), (nameof(ticketId), ticketId), (nameof(snapshotId), snapshotId));
}
