namespace Diagnostics.Core.Storage;

/// <summary>What one reconciliation pass found and removed.</summary>
public sealed record ReconciliationReport(
    int OrphanBlobsDeleted,
    long OrphanBytesDeleted,
    int ExpiredSnapshotsDeleted,
    int IndexRowsRemoved,
    int TicketsErased,
    int Failures);

/// <summary>One purge run, kept so that the retention report can show what the last runs did.</summary>
public sealed record PurgeRun(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int SnapshotsDeleted,
    long BytesDeleted,
    int TicketsErased,
    int Failures,
    TimeSpan? OldestOverdue,
    ReconciliationReport? Reconciliation);

/// <summary>The purge's own history: small records, newest first, pruned after <see cref="PurgeRunLogRetention"/>.</summary>
public interface IPurgeRunLog
{
    /// <summary>Records the run; when it reconciled, also remembers when (see <see cref="LastReconciledAtAsync"/>).</summary>
    Task AddAsync(PurgeRun run, CancellationToken cancellationToken);

    Task<IReadOnlyList<PurgeRun>> ListRecentAsync(int max, CancellationToken cancellationToken);

    /// <summary>When the last complete reconciliation started, or null if none ever completed.</summary>
    Task<DateTimeOffset?> LastReconciledAtAsync(CancellationToken cancellationToken);
}

public static class PurgeRunLogRetention
{
    /// <summary>Run records older than this are pruned: they hold no personal data, but nothing is kept for ever.</summary>
    public static readonly TimeSpan Keep = TimeSpan.FromDays(30);
}
