using System.IO.Compression;
using System.Text;
using Diagnostics.Core.Domain;
using Diagnostics.StorageTests.Support;

namespace Diagnostics.StorageTests;

/// <summary>Each test gets its own tables and container on Azurite, removed when it ends.</summary>
public abstract class StorageTest : IAsyncLifetime
{
    /// <summary>A fixed instant with sub-millisecond ticks, to prove times round-trip exactly.</summary>
    protected static readonly DateTimeOffset T0 = new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(5_897_932);

    protected AzuriteStorage Storage { get; } = new();

    protected static CancellationToken Ct => CancellationToken.None;

    public Task InitializeAsync() => Storage.InitializeAsync();

    public virtual Task DisposeAsync() => Storage.DisposeAsync();

    protected static Ticket NewTicket(string ticketId) => new()
    {
        TicketId = ticketId,
        CustomerId = "cust-4711",
        Sites = ["www.example.org", "shop.example.org"],
        OpenedAt = T0,
        KeyId = "k1",
    };

    protected static Snapshot NewSnapshot(string ticketId, string snapshotId, DateTimeOffset? capturedAt = null) => new()
    {
        TicketId = ticketId,
        SnapshotId = snapshotId,
        Category = Category.Access,
        Source = "web01.example.org",
        CapturedAt = capturedAt ?? T0,
        ExpiresAt = (capturedAt ?? T0).AddDays(7),
        Bytes = 123_456_789_012,
        StoredBytes = 4_567,
        Lines = 3_000_000_000,
        ContentType = "application/x-ndjson",
        Pseudonymized = new Dictionary<string, long> { ["ipv4"] = 12, ["email"] = 3 },
        Removed = new Dictionary<string, long> { ["card"] = 1 },
    };

    protected static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
