using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Diagnostics.Core.Operations;

public sealed record PurgeReport(int SnapshotsDeleted, long BytesDeleted, int TicketsErased, int Failures, TimeSpan? OldestOverdue);

/// <summary>
/// Deletes what is due, reading only the due buckets of the expiry index. Idempotent: every step
/// tolerates having been done already, and an index row is removed only after its deletion succeeded,
/// so a run killed half-way is finished by the next.
/// </summary>
public sealed class SnapshotPurger(
    IExpiryIndex expiry,
    ITicketStore tickets,
    ISnapshotCatalog catalog,
    ISnapshotContentStore content,
    IAuditLog audit,
    TicketEraser eraser,
    RetentionPolicy retention,
    TimeProvider time,
    ILogger<SnapshotPurger> logger)
{
    public const string SystemPartition = "~system";
    private const int PageSize = 500;

    public async Task<PurgeReport> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        int snapshots = 0, erased = 0, failures = 0;
        long bytes = 0;
        TimeSpan? oldest = null;
        var failed = new HashSet<ExpiryEntry>();

        while (true)
        {
            var due = (await expiry.ListDueAsync(now, PageSize + failed.Count, cancellationToken)).Where(e => !failed.Contains(e)).ToArray();
            if (due.Length == 0)
            {
                break;
            }

            var done = new List<ExpiryEntry>(due.Length);
            foreach (var entry in due)
            {
                var overdue = now - entry.DueAt;
                oldest = oldest is null || overdue > oldest ? overdue : oldest;
                try
                {
                    if (entry.Kind == ExpiryKind.Snapshot)
                    {
                        var (deleted, size) = await DeleteSnapshotAsync(entry, cancellationToken);
                        snapshots += deleted ? 1 : 0;
                        bytes += size;
                    }
                    else if (await EraseTicketIfDueAsync(entry.TicketId, now, cancellationToken) is { } receipt)
                    {
                        erased++;
                        snapshots += receipt.SnapshotsDeleted;
                        bytes += receipt.BytesDeleted;
                    }

                    done.Add(entry);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures++;
                    failed.Add(entry);
                    logger.LogWarning(e, "Purge of a {Kind} entry of ticket {TicketId} failed; the next run retries it.", entry.Kind, entry.TicketId);
                }
            }

            await expiry.RemoveAsync(done, cancellationToken);
        }

        var report = new PurgeReport(snapshots, bytes, erased, failures, oldest);
        DiagnosticsTelemetry.SnapshotsPurged.Add(snapshots);
        DiagnosticsTelemetry.BytesPurged.Add(bytes);
        DiagnosticsTelemetry.TicketsErased.Add(erased);
        DiagnosticsTelemetry.PurgeFailures.Add(failures);
        DiagnosticsTelemetry.PurgeOverdue.Record(oldest?.TotalSeconds ?? 0);
        if (snapshots + erased + failures > 0)
        {
            await audit.AppendAsync(new AuditEntry(now, ActorKind.System, Actor.System.Name, AuditAction.Purged, SystemPartition, null,
                failures == 0 ? "ok" : "partial", $"snapshots={snapshots}; bytes={bytes}; tickets={erased}; failures={failures}"), cancellationToken);
        }

        logger.LogInformation("Purge deleted {Snapshots} snapshots ({Bytes} bytes), erased {Tickets} tickets, {Failures} failures.",
            snapshots, bytes, erased, failures);
        return report;
    }

    private async Task<(bool Deleted, long Bytes)> DeleteSnapshotAsync(ExpiryEntry entry, CancellationToken cancellationToken)
    {
        // The entity goes first so the snapshot stops being listed, then its content.
        var snapshot = await catalog.GetAsync(entry.TicketId, entry.SnapshotId!, cancellationToken);
        if (snapshot is not null && snapshot.ExpiresAt > time.GetUtcNow())
        {
            return (false, 0);
        }

        await catalog.DeleteAsync(entry.TicketId, entry.SnapshotId!, cancellationToken);
        var size = await content.DeleteAsync(entry.TicketId, entry.SnapshotId!, cancellationToken);
        return (snapshot is not null || size > 0, size);
    }

    private async Task<DeletionReceipt?> EraseTicketIfDueAsync(string ticketId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(ticketId, cancellationToken);
        if (ticket is null || ticket.IsErased || retention.TicketErasure(ticket) is not { } due || due > now)
        {
            return null;
        }

        var reason = ticket.State == TicketState.Opened ? ErasureReason.Abandoned : ErasureReason.Expired;
        return await eraser.EraseAsync(ticket, reason, Actor.System, cancellationToken);
    }
}
