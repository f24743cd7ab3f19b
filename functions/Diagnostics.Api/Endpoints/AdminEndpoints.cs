using Diagnostics.Api.Security;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;
using Diagnostics.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Diagnostics.Api.Endpoints;

/// <summary>The data-protection officer's views.</summary>
public static class AdminEndpoints
{
    private const int DefaultMax = 200;
    private const int LargestMax = 1000;

    public static async Task<IResult> AuditAsync(HttpContext context)
    {
        var (_, denied) = context.RequestServices.GetRequiredService<AgentAuthorizer>().Authorize(context, Roles.Auditor);
        if (denied is not null)
        {
            return denied;
        }

        string? ticketId = context.Request.Query["ticketId"];
        if (ticketId is not null && !Ids.IsValid(ticketId) && ticketId != SnapshotPurger.SystemPartition)
        {
            return Problems.InvalidId("ticketId");
        }

        var max = DefaultMax;
        if (context.Request.Query["max"].ToString() is { Length: > 0 } given && (!int.TryParse(given, out max) || max is < 1 or > LargestMax))
        {
            return Problems.Result(400, "The request is not valid.", $"max must be between 1 and {LargestMax}.");
        }

        var entries = await context.RequestServices.GetRequiredService<IAuditLog>().ListAsync(ticketId, max, context.RequestAborted);
        return TypedResults.Ok(new { entries = entries.Select(Describe) });
    }

    public static async Task<IResult> RetentionAsync(HttpContext context)
    {
        var (_, denied) = context.RequestServices.GetRequiredService<AgentAuthorizer>().Authorize(context, Roles.Auditor);
        if (denied is not null)
        {
            return denied;
        }

        var report = await context.RequestServices.GetRequiredService<RetentionReporter>().ReportAsync(context.RequestAborted);
        return TypedResults.Ok(new
        {
            generatedAt = report.GeneratedAt,
            retentionSeconds = report.Retention.TotalSeconds,
            purgePeriodSeconds = report.PurgePeriod.TotalSeconds,
            withinTarget = report.WithinTarget,
            live = new
            {
                snapshots = report.Live.Count,
                capped = report.Live.Capped,
                byAge = report.Live.ByAge.Select(b => new { upTo = b.Label, upToSeconds = b.UpTo.TotalSeconds, count = b.Count }),
                oldest = report.Live.Oldest is { } oldest
                    ? new { ticketId = oldest.TicketId, snapshotId = oldest.SnapshotId, expiresAt = oldest.DueAt, ageSeconds = report.Live.OldestAge?.TotalSeconds }
                    : null,
            },
            dueItems = report.DueItems,
            overdueItems = report.OverdueItems,
            overdueCountCapped = report.DueCountCapped,
            oldestOverdueSeconds = report.OldestOverdue?.TotalSeconds,
            lastReconciledAt = report.LastReconciledAt,
            recentRuns = report.RecentRuns.Select(Describe),
        });
    }

    internal static object Describe(PurgeRun run) => new
    {
        startedAt = run.StartedAt,
        durationSeconds = run.Duration.TotalSeconds,
        snapshotsDeleted = run.SnapshotsDeleted,
        bytesDeleted = run.BytesDeleted,
        ticketsErased = run.TicketsErased,
        failures = run.Failures,
        oldestOverdueSeconds = run.OldestOverdue?.TotalSeconds,
        reconciliation = run.Reconciliation is { } r
            ? new
            {
                orphanBlobsDeleted = r.OrphanBlobsDeleted,
                orphanBytesDeleted = r.OrphanBytesDeleted,
                expiredSnapshotsDeleted = r.ExpiredSnapshotsDeleted,
                indexRowsRemoved = r.IndexRowsRemoved,
                ticketsErased = r.TicketsErased,
                failures = r.Failures,
            }
            : null,
    };

    internal static object Describe(AuditEntry entry) => new
    {
        at = entry.At,
        actorKind = entry.ActorKind,
        actor = entry.Actor,
        action = entry.Action,
        ticketId = entry.TicketId,
        snapshotId = entry.SnapshotId,
        outcome = entry.Outcome,
        detail = entry.Detail,
    };
}
