using Diagnostics.Core.Domain;
using Diagnostics.Core.Options;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Diagnostics.Core.Operations;

/// <summary>
/// Finds what the expiry index does not lead the purge to, and removes it: a blob without its entity (an ingest that died
/// between its blob and its entity), a snapshot past its expiry whose index row is missing, an index row whose snapshot is
/// gone, a ticket past retention that was never indexed. It lists everything stored, so its cost grows with what is stored;
/// the purge runs it every <see cref="RetentionOptions.ReconcileInterval"/>. Every step is idempotent, so a pass killed
/// half-way is simply run again; young leftovers (within <see cref="RetentionOptions.ReconcileGrace"/>) may be an ingest in
/// progress and are left for the next pass.
/// </summary>
public sealed class StorageReconciler(
    ITicketStore tickets,
    ISnapshotCatalog catalog,
    ISnapshotContentStore content,
    IExpiryIndex expiry,
    TicketEraser eraser,
    RetentionPolicy retention,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<StorageReconciler> logger)
{
    private const int PageSize = 1000;

    /// <summary>A storage outage makes every step fail: stop early rather than wait out every retry.</summary>
    private const int MaxFailures = 20;

    public async Task<ReconciliationReport> ReconcileAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settled = now - options.Value.ReconcileGrace;
        var counts = new Counts();
        await ReconcileBlobsAsync(now, settled, counts, cancellationToken);
        if (counts.Failures < MaxFailures)
        {
            await ReconcileIndexAsync(now, settled, counts, cancellationToken);
        }

        if (counts.Failures < MaxFailures)
        {
            await ReconcileTicketsAsync(now, counts, cancellationToken);
        }

        var report = new ReconciliationReport(counts.OrphanBlobs, counts.OrphanBytes, counts.ExpiredSnapshots, counts.IndexRows, counts.Tickets,
            counts.Failures);
        DiagnosticsTelemetry.Reconciled.Add(report.OrphanBlobsDeleted, new KeyValuePair<string, object?>("kind", "orphan_blob"));
        DiagnosticsTelemetry.Reconciled.Add(report.ExpiredSnapshotsDeleted, new KeyValuePair<string, object?>("kind", "expired_snapshot"));
        DiagnosticsTelemetry.Reconciled.Add(report.IndexRowsRemoved, new KeyValuePair<string, object?>("kind", "index_row"));
        DiagnosticsTelemetry.Reconciled.Add(report.TicketsErased, new KeyValuePair<string, object?>("kind", "ticket"));
        logger.LogInformation(
            "Reconciliation removed {OrphanBlobs} orphan blobs ({Bytes} bytes), {Expired} expired snapshots, {IndexRows} index rows, erased {Tickets} tickets; {Failures} failures.",
            report.OrphanBlobsDeleted, report.OrphanBytesDeleted, report.ExpiredSnapshotsDeleted, report.IndexRowsRemoved, report.TicketsErased, report.Failures);
        return report;
    }

    /// <summary>Blobs come in name order, so a ticket's blobs come together: one catalog look-up per ticket and page.</summary>
    private async Task ReconcileBlobsAsync(DateTimeOffset now, DateTimeOffset settled, Counts counts, CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await content.ListPageAsync(continuation, PageSize, cancellationToken);
            foreach (var group in page.Items.GroupBy(b => b.TicketId))
            {
                await Attempt(counts, group.Key, async () =>
                {
                    var entities = await EntitiesAsync(group.Key, [.. group.Select(b => b.SnapshotId)], cancellationToken);
                    foreach (var blob in group)
                    {
                        var entity = entities.GetValueOrDefault(blob.SnapshotId);
                        if (entity is null && blob.LastModified <= settled)
                        {
                            counts.OrphanBlob(await content.DeleteAsync(blob.TicketId, blob.SnapshotId, cancellationToken) ? blob.Bytes : 0);
                        }
                        else if (entity is not null && entity.IsExpired(now))
                        {
                            await catalog.DeleteAsync(entity.TicketId, entity.SnapshotId, cancellationToken);
                            await content.DeleteAsync(entity.TicketId, entity.SnapshotId, cancellationToken);
                            await expiry.RemoveAsync([new ExpiryEntry(ExpiryKind.Snapshot, entity.TicketId, entity.SnapshotId, entity.ExpiresAt)], cancellationToken);
                            counts.ExpiredSnapshots++;
                        }
                    }
                });
            }

            continuation = page.Continuation;
        }
        while (continuation is not null && counts.Failures < MaxFailures);
    }

    /// <summary>Rows still to come whose snapshot has no entity any more: the snapshot was erased or its ingest died.</summary>
    private async Task ReconcileIndexAsync(DateTimeOffset now, DateTimeOffset settled, Counts counts, CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await expiry.ListFromAsync(now, continuation, PageSize, cancellationToken);
            var candidates = page.Items.Where(r => r.Entry.Kind == ExpiryKind.Snapshot && r.WrittenAt <= settled).Select(r => r.Entry);
            foreach (var group in candidates.GroupBy(e => e.TicketId))
            {
                await Attempt(counts, group.Key, async () =>
                {
                    var entities = await EntitiesAsync(group.Key, [.. group.Select(e => e.SnapshotId!)], cancellationToken);
                    var orphans = group.Where(e => !entities.ContainsKey(e.SnapshotId!)).ToArray();
                    foreach (var row in orphans)
                    {
                        // A blob it may still lead to is older than the grace too: the ingest that wrote it is over.
                        counts.OrphanBlob(await content.DeleteMeasuredAsync(row.TicketId, row.SnapshotId!, cancellationToken));
                    }

                    await expiry.RemoveAsync(orphans, cancellationToken);
                    counts.IndexRows += orphans.Length;
                });
            }

            continuation = page.Continuation;
        }
        while (continuation is not null && counts.Failures < MaxFailures);
    }

    private async Task ReconcileTicketsAsync(DateTimeOffset now, Counts counts, CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await tickets.ListUnerasedAsync(continuation, PageSize, cancellationToken);
            foreach (var ticket in page.Items)
            {
                if (retention.TicketErasure(ticket) is { } due && due <= now)
                {
                    await Attempt(counts, ticket.TicketId, async () =>
                    {
                        var reason = ticket.State == TicketState.Opened ? ErasureReason.Abandoned : ErasureReason.Expired;
                        await eraser.EraseAsync(ticket, reason, Actor.System, cancellationToken);
                        counts.Tickets++;
                    });
                }
            }

            continuation = page.Continuation;
        }
        while (continuation is not null && counts.Failures < MaxFailures);
    }

    /// <summary>A point read for one snapshot, a partition query for several: whichever costs fewer requests.</summary>
    private async Task<Dictionary<string, Snapshot>> EntitiesAsync(string ticketId, IReadOnlyCollection<string> snapshotIds, CancellationToken cancellationToken)
    {
        if (snapshotIds.Count == 1)
        {
            var one = await catalog.GetAsync(ticketId, snapshotIds.First(), cancellationToken);
            return one is null ? [] : new Dictionary<string, Snapshot> { [one.SnapshotId] = one };
        }

        return (await catalog.ListAsync(ticketId, cancellationToken)).ToDictionary(s => s.SnapshotId);
    }

    private async Task Attempt(Counts counts, string ticketId, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            counts.Failures++;
            logger.LogWarning(e, "Reconciling ticket {TicketId} failed; the next pass retries it.", ticketId);
        }
    }

    private sealed class Counts
    {
        public int OrphanBlobs { get; private set; }

        public long OrphanBytes { get; private set; }

        public int ExpiredSnapshots { get; set; }

        public int IndexRows { get; set; }

        public int Tickets { get; set; }

        public int Failures { get; set; }

        public void OrphanBlob(long bytes)
        {
            if (bytes > 0)
            {
                OrphanBlobs++;
                OrphanBytes += bytes;
            }
        }
    }
}
