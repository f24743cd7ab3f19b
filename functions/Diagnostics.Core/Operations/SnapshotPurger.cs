using System.Collections.Concurrent;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Options;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Diagnostics.Core.Operations;

public sealed record PurgeReport(
    int SnapshotsDeleted,
    long BytesDeleted,
    int TicketsErased,
    int Failures,
    TimeSpan? OldestOverdue,
    ReconciliationReport? Reconciliation = null);

/// <summary>
/// Deletes what is due, reading only the due buckets of the expiry index, page by page: its cost grows with what
/// expired, not with what is stored. Entities go in batches per ticket partition (at most 100 to a transaction), then
/// blobs. Idempotent: every step tolerates having been done already, and an index row is removed only after its
/// deletion succeeded, so a run killed half-way is finished by the next. Every <see cref="RetentionOptions.ReconcileInterval"/>
/// a run also reconciles storage (see <see cref="StorageReconciler"/>). Each run leaves a record in the purge-run log.
/// </summary>
public sealed class SnapshotPurger(
    IExpiryIndex expiry,
    ITicketStore tickets,
    ISnapshotCatalog catalog,
    ISnapshotContentStore content,
    IAuditLog audit,
    IPurgeRunLog runs,
    TicketEraser eraser,
    StorageReconciler reconciler,
    RetentionPolicy retention,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<SnapshotPurger> logger)
{
    public const string SystemPartition = "~system";
    private const int PageSize = 500;
    private const int MaxConcurrentRequests = 16;

    public async Task<PurgeReport> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var started = time.GetTimestamp();
        var tally = new Tally();
        TimeSpan? oldest = null;
        var failed = new HashSet<ExpiryEntry>();

        while (true)
        {
            var due = (await expiry.ListDueAsync(now, PageSize + failed.Count, cancellationToken)).Where(e => !failed.Contains(e)).ToArray();
            if (due.Length == 0)
            {
                break;
            }

            foreach (var entry in due)
            {
                var overdue = now - entry.DueAt;
                oldest = oldest is null || overdue > oldest ? overdue : oldest;
            }

            var done = new ConcurrentBag<ExpiryEntry>();
            var pageFailures = new ConcurrentBag<ExpiryEntry>();
            await DeleteSnapshotsAsync([.. due.Where(e => e.Kind == ExpiryKind.Snapshot)], now, tally, done, pageFailures, cancellationToken);
            foreach (var entry in due.Where(e => e.Kind == ExpiryKind.Ticket))
            {
                try
                {
                    if (await EraseTicketIfDueAsync(entry.TicketId, now, cancellationToken) is { } receipt)
                    {
                        tally.Add(receipt.SnapshotsDeleted, receipt.BytesDeleted, ticketsErased: 1);
                    }

                    done.Add(entry);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    pageFailures.Add(entry);
                    logger.LogWarning(e, "Erasing ticket {TicketId} failed; the next run retries it.", entry.TicketId);
                }
            }

            failed.UnionWith(pageFailures);
            await expiry.RemoveAsync([.. done], cancellationToken);
        }

        ReconciliationReport? reconciliation = null;
        if (await IsReconciliationDueAsync(now, cancellationToken))
        {
            try
            {
                reconciliation = await reconciler.ReconcileAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reconciliation = new ReconciliationReport(0, 0, 0, 0, 0, Failures: 1);
                logger.LogWarning(e, "Reconciliation failed; the next run tries again.");
            }
        }

        var period = retention.PurgePeriod(now);
        var overdueLeft = failed.Count(e => now - e.DueAt > period);
        TimeSpan? oldestLeft = failed.Count == 0 ? null : failed.Max(e => now - e.DueAt);
        DiagnosticsTelemetry.ObserveRetention(overdueLeft, oldestLeft);

        var failures = failed.Count;
        var report = new PurgeReport(tally.Snapshots, tally.Bytes, tally.Tickets, failures, oldest, reconciliation);
        var duration = time.GetElapsedTime(started);
        DiagnosticsTelemetry.PurgeRuns.Add(1);
        DiagnosticsTelemetry.PurgeDuration.Record(duration.TotalSeconds);
        DiagnosticsTelemetry.SnapshotsPurged.Add(report.SnapshotsDeleted);
        DiagnosticsTelemetry.BytesPurged.Add(report.BytesDeleted);
        DiagnosticsTelemetry.TicketsErased.Add(report.TicketsErased);
        DiagnosticsTelemetry.PurgeFailures.Add(failures);
        DiagnosticsTelemetry.PurgeOverdue.Record(oldest?.TotalSeconds ?? 0);
        if (report.SnapshotsDeleted + report.TicketsErased + failures > 0)
        {
            await audit.AppendAsync(new AuditEntry(now, ActorKind.System, Actor.System.Name, AuditAction.Purged, SystemPartition, null,
                failures == 0 ? "ok" : "partial",
                $"snapshots={report.SnapshotsDeleted}; bytes={report.BytesDeleted}; tickets={report.TicketsErased}; failures={failures}"),
                cancellationToken);
        }

        await runs.AddAsync(new PurgeRun(now, duration, report.SnapshotsDeleted, report.BytesDeleted, report.TicketsErased, failures, oldest,
            reconciliation), cancellationToken);
        logger.LogInformation("Purge deleted {Snapshots} snapshots ({Bytes} bytes), erased {Tickets} tickets, {Failures} failures, in {Duration}.",
            report.SnapshotsDeleted, report.BytesDeleted, report.TicketsErased, failures, duration);
        return report;
    }

    /// <summary>
    /// Reads the entities (to count them, to know their blobs' sizes and to catch an index row that is early), deletes them in
    /// batches per ticket, then the blobs. An entry is done only when both its entity and its blob are gone.
    /// </summary>
    private async Task DeleteSnapshotsAsync(
        ExpiryEntry[] due, DateTimeOffset now, Tally tally, ConcurrentBag<ExpiryEntry> done, ConcurrentBag<ExpiryEntry> failures,
        CancellationToken cancellationToken)
    {
        var found = new ConcurrentDictionary<ExpiryEntry, Snapshot?>();
        await ForEachAsync(due, failures, async (entry, ct) =>
        {
            var snapshot = await catalog.GetAsync(entry.TicketId, entry.SnapshotId!, ct);
            if (snapshot is not null && !snapshot.IsExpired(now))
            {
                // An index row due before its snapshot: index it again at the right time rather than lose it.
                await expiry.AddAsync(entry with { DueAt = snapshot.ExpiresAt }, ct);
                done.Add(entry);
                return;
            }

            found[entry] = snapshot;
        }, cancellationToken);

        var entitiesGone = new ConcurrentBag<ExpiryEntry>();
        var byTicket = found.Keys.GroupBy(e => e.TicketId).ToArray();
        await ForEachAsync(byTicket, null, async (group, ct) =>
        {
            try
            {
                await catalog.DeleteManyAsync(group.Key, [.. group.Select(e => e.SnapshotId!)], ct);
                foreach (var entry in group)
                {
                    entitiesGone.Add(entry);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                foreach (var entry in group)
                {
                    failures.Add(entry);
                }

                logger.LogWarning(e, "Deleting snapshot entities of ticket {TicketId} failed; the next run retries them.", group.Key);
            }
        }, cancellationToken);

        // One request per blob: the entity just read knows its size. Only a blob without entity (its ingest died before
        // writing it) has its size read first.
        await ForEachAsync([.. entitiesGone], failures, async (entry, ct) =>
        {
            if (found[entry] is { } snapshot)
            {
                var deleted = await content.DeleteAsync(entry.TicketId, entry.SnapshotId!, ct);
                tally.Add(1, deleted ? snapshot.StoredBytes : 0, ticketsErased: 0);
            }
            else
            {
                var size = await content.DeleteMeasuredAsync(entry.TicketId, entry.SnapshotId!, ct);
                tally.Add(size > 0 ? 1 : 0, size, ticketsErased: 0);
            }

            done.Add(entry);
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="body"/> for each item, a bounded number at a time; an item that fails is recorded, not fatal.</summary>
    private async Task ForEachAsync<T>(
        IReadOnlyCollection<T> items, ConcurrentBag<ExpiryEntry>? failures, Func<T, CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentRequests, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                try
                {
                    await body(item, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException && failures is not null && item is ExpiryEntry entry)
                {
                    failures.Add(entry);
                    logger.LogWarning(e, "Purge of snapshot {SnapshotId} of ticket {TicketId} failed; the next run retries it.", entry.SnapshotId, entry.TicketId);
                }
            });
    }

    private async Task<bool> IsReconciliationDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await runs.LastReconciledAtAsync(cancellationToken) is not { } last || now - last >= options.Value.ReconcileInterval;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read when storage was last reconciled; the next run tries again.");
            return false;
        }
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

    private sealed class Tally
    {
        private int _snapshots;
        private long _bytes;
        private int _tickets;

        public int Snapshots => _snapshots;

        public long Bytes => Interlocked.Read(ref _bytes);

        public int Tickets => _tickets;

        public void Add(int snapshots, long bytes, int ticketsErased)
        {
            Interlocked.Add(ref _snapshots, snapshots);
            Interlocked.Add(ref _bytes, bytes);
            Interlocked.Add(ref _tickets, ticketsErased);
        }
    }
}
