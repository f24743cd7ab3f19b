namespace Diagnostics.Core.Storage;

/// <summary>Snapshot content: gzip blobs named from validated ids only.</summary>
public interface ISnapshotContentStore
{
    /// <summary>A stream that writes the (already compressed) content; the blob exists once the stream is disposed.</summary>
    Task<Stream> OpenWriteAsync(string ticketId, string snapshotId, CancellationToken cancellationToken);

    /// <summary>The compressed content, or null when the blob does not exist.</summary>
    Task<Stream?> OpenReadAsync(string ticketId, string snapshotId, CancellationToken cancellationToken);

    /// <summary>Deletes the blob if present; returns its size in bytes, 0 if it was absent.</summary>
    Task<long> DeleteAsync(string ticketId, string snapshotId, CancellationToken cancellationToken);

    /// <summary>Deletes every blob of the ticket, listed by prefix; returns the count and bytes deleted.</summary>
    Task<(int Count, long Bytes)> DeleteAllAsync(string ticketId, CancellationToken cancellationToken);
}
