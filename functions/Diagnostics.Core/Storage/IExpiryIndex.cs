namespace Diagnostics.Core.Storage;

public enum ExpiryKind
{
    Snapshot,
    Ticket,
}

/// <summary>One thing due for deletion at <see cref="DueAt"/>.</summary>
public sealed record ExpiryEntry(ExpiryKind Kind, string TicketId, string? SnapshotId, DateTimeOffset DueAt);

/// <summary>
/// Due dates partitioned by time bucket, so that a purge reads only the buckets that are due: its cost
/// grows with what expired, not with what is stored.
/// </summary>
public interface IExpiryIndex
{
    Task AddAsync(ExpiryEntry entry, CancellationToken cancellationToken);

    /// <summary>Entries due at or before <paramref name="now"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<ExpiryEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Removes the entries if present (idempotent).</summary>
    Task RemoveAsync(IReadOnlyCollection<ExpiryEntry> entries, CancellationToken cancellationToken);
}
