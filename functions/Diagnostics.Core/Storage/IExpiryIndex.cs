namespace Diagnostics.Core.Storage;

public enum ExpiryKind
{
    Snapshot,
    Ticket,
}

/// <summary>One thing due for deletion at <see cref="DueAt"/>.</summary>
public sealed record ExpiryEntry(ExpiryKind Kind, string TicketId, string? SnapshotId, DateTimeOffset DueAt);

/// <summary>An index row with the time it was written, so that reconciliation can leave young rows of an ingest in progress alone.</summary>
public sealed record IndexedExpiry(ExpiryEntry Entry, DateTimeOffset WrittenAt);

/// <summary>One page of a listing and where the next one starts (null at the end).</summary>
public sealed record StoragePage<T>(IReadOnlyList<T> Items, string? Continuation);

/// <summary>
/// Due dates partitioned by time bucket, so that a purge reads only the buckets that are due: its cost
/// grows with what expired, not with what is stored.
/// </summary>
public interface IExpiryIndex
{
    Task AddAsync(ExpiryEntry entry, CancellationToken cancellationToken);

    /// <summary>Entries due at or before <paramref name="now"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<ExpiryEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Entries in the buckets from the one holding <paramref name="from"/> onwards, page by page in bucket order: what is
    /// still to come. Its cost grows with what is stored; only the retention report and reconciliation read it.
    /// </summary>
    Task<StoragePage<IndexedExpiry>> ListFromAsync(DateTimeOffset from, string? continuation, int pageSize, CancellationToken cancellationToken);

    /// <summary>Removes the entries if present (idempotent).</summary>
    Task RemoveAsync(IReadOnlyCollection<ExpiryEntry> entries, CancellationToken cancellationToken);
}
