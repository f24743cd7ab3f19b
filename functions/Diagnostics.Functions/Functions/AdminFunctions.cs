using Diagnostics.Core.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Diagnostics.Functions.Functions;

public sealed class AdminFunctions(SnapshotPurger purger, ILogger<AdminFunctions> logger)
{
    [Function(nameof(AgentConsole))]
    public Task<IActionResult> AgentConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "agent")] HttpRequest request) =>
        ApiFunction.RunAsync(request, nameof(AgentConsole));

    [Function(nameof(RetentionReport))]
    public Task<IActionResult> RetentionReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/retention")] HttpRequest request) =>
        ApiFunction.RunAsync(request, nameof(RetentionReport));

    [Function(nameof(AuditTrail))]
    public Task<IActionResult> AuditTrail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/audit")] HttpRequest request) =>
        ApiFunction.RunAsync(request, nameof(AuditTrail));

    [Function(nameof(PageAsset))]
    public Task<IActionResult> PageAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{name}")] HttpRequest request, string name) =>
        ApiFunction.RunAsync(request, nameof(PageAsset), (nameof(name), name));

    /// <summary>Deletes what expired, on the schedule from configuration (Diagnostics:Retention:PurgeSchedule).</summary>
    [Function(nameof(PurgeExpired))]
    public async Task PurgeExpired([TimerTrigger("%Diagnostics:Retention:PurgeSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await purger.PurgeAsync(cancellationToken);
        logger.LogInformation("PurgeExpired: {Snapshots} snapshots, {Tickets} tickets, {Failures} failures; next at {Next}.",
            report.SnapshotsDeleted, report.TicketsErased, report.Failures, timer.ScheduleStatus?.Next);
    }
}
