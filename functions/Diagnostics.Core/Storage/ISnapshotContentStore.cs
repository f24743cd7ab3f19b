namespace Diagnostics.Core.Storage;

/// <summary>A stored snapshot blob as a listing shows it.</summary>
public sealed record StoredContent(string TicketId, string SnapshotId, long Bytes, DateTimeOffset LastModified);

/// <summary>Snapshot content: gzip blobs named from validated ids only.</summary>
public interface ISnapshotContentStore
{
    /// <summary>A stream that writes the (already compressed) content; the blob exists once the stream is disposed.</summary>
    Task<Stream> OpenWriteAsync(string ticketId, string snapshotId, CancellationToken cancellationToken);

    /// <summary>The compressed content, or null when the blob does not exist.</summary>
    Task<Stream?> OpenReadAsync(string ticketId, string snapshotId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the blob if present, in one request; true if it was there. Its size is the entity's <c>StoredBytes</c> or a
    /// listing's: reading it here would cost a second request per blob.
    /// </summary>
    Task<bool> DeleteAsync(string ticketId, string snapshotId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the blob's size, then deletes it: for a blob whose size nothing else records (an ingest that died before its
    /// entity). Returns the size in bytes, 0 if it was absent.
    /// </summary>
    Task<long> DeleteMeasuredAsync(string ticketId, string snapshotId, CancellationToken cancellationToken);

    /// <summary>Deletes every blob of the ticket, listed by prefix; returns the count and bytes deleted.</summary>
    Task<(int Count, long Bytes)> DeleteAllAsync(string ticketId, CancellationToken cancellationToken);

    /// <summary>
    /// One page of every committed snapshot blob, in name order (so a ticket's blobs come together). Its cost grows with
    /// what is stored: only reconciliation reads it. Blobs whose names are not ours are skipped.
    /// </summary>
    Task<StoragePage<StoredContent>> ListPageAsync(string? continuation, int pageSize, CancellationToken cancellationToken);
}
