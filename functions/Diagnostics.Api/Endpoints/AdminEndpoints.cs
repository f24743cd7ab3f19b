using System.Globalization;
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

        var query = context.Request.Query;
        if (QueryValues.Repeated(query, ["ticketId", "action", "from", "to", "max"]) is { } repeated)
        {
            return Invalid($"{repeated} may be given once.");
        }

        string? ticketId = QueryValues.Given(query["ticketId"]), action = QueryValues.Given(query["action"]);
        if (ticketId is not null && !Ids.IsValid(ticketId) && ticketId != SnapshotPurger.SystemPartition)
        {
            return Problems.InvalidId("ticketId");
        }

        if (action is not null && !AuditAction.All.Contains(action))
        {
            return Invalid($"action must be one of {string.Join(", ", AuditAction.All)}.");
        }

        if (!QueryValues.TryTime(QueryValues.Given(query["from"]), out var from) || !QueryValues.TryTime(QueryValues.Given(query["to"]), out var to))
        {
            return Invalid("from and to must be dates and times in ISO 8601, e.g. 2026-11-26T10:00:00Z.");
        }

        if (from >= to)
        {
            return Invalid("from must be before to.");
        }

        var max = DefaultMax;
        if (QueryValues.Given(query["max"]) is { } given && (!int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > LargestMax))
        {
            return Invalid($"max must be between 1 and {LargestMax}.");
        }

        var entries = await context.RequestServices.GetRequiredService<IAuditLog>()
            .ListAsync(new AuditQuery(ticketId, max) { Action = action, From = from, To = to }, context.RequestAborted);
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

    private static IResult Invalid(string detail) => Problems.Result(400, "The request is not valid.", detail);

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
