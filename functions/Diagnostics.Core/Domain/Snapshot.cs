namespace Diagnostics.Core.Domain;

public sealed record Snapshot
{
    public required string TicketId { get; init; }

    public required string SnapshotId { get; init; }

    public required string Category { get; init; }

    public required string Source { get; init; }

    public required DateTimeOffset CapturedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Size of the pseudonymized content, uncompressed.</summary>
    public required long Bytes { get; init; }

    /// <summary>Size of the stored (gzip) blob.</summary>
    public required long StoredBytes { get; init; }

    public required long Lines { get; init; }

    /// <summary>text/plain or application/x-ndjson.</summary>
    public required string ContentType { get; init; }

    public IReadOnlyDictionary<string, long> Pseudonymized { get; init; } = new Dictionary<string, long>();

    public IReadOnlyDictionary<string, long> Removed { get; init; } = new Dictionary<string, long>();

    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;
}
