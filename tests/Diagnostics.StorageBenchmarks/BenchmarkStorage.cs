using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;
using Diagnostics.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Diagnostics.StorageBenchmarks;

/// <summary>
/// Tables and a container of one scenario on the emulator (unique names, removed afterwards), the core wired to them, and
/// fast seeding: entity-group transactions of at most 100 rows per partition and parallel blob uploads.
/// </summary>
internal sealed class BenchmarkStorage : IAsyncDisposable
{
    private const int Parallelism = 32;

    private readonly string _name = "b" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);

    public BenchmarkStorage(string connectionString)
    {
        Settings = new Dictionary<string, string?>
        {
            ["Diagnostics:Storage:ConnectionString"] = connectionString,
            ["Diagnostics:Storage:TablePrefix"] = _name,
            ["Diagnostics:Storage:SnapshotContainer"] = _name,
            ["Diagnostics:Pseudonymization:KeyId"] = "bench",
            ["Diagnostics:Pseudonymization:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Diagnostics:Retention:Default"] = "1.00:00:00",
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build());
        services.AddLogging();
        services.AddDiagnosticsStorage();
        services.AddDiagnosticsCore();
        RequestCounter.AddTo(services);
        Services = services.BuildServiceProvider();
    }

    public Dictionary<string, string?> Settings { get; }

    public ServiceProvider Services { get; }

    public TableServiceClient Tables => Services.GetRequiredService<TableServiceClient>();

    public BlobContainerClient Container => Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(_name);

    /// <summary>One of this scenario's tables, by the suffix the storage adapters give it.</summary>
    public TableClient Table(string suffix) => Tables.GetTableClient(_name + suffix);

    public Task CreateAsync() => Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);

    /// <summary>Snapshots as an ingest leaves them (index row, blob, entity), written in batches.</summary>
    public async Task SeedSnapshotsAsync(IReadOnlyList<Snapshot> snapshots, bool withBlobs = true)
    {
        var index = Tables.GetTableClient(_name + TableExpiryIndex.TableSuffix);
        var catalog = Tables.GetTableClient(_name + TableSnapshotCatalog.TableSuffix);
        await SubmitAsync(index, snapshots.Select(s => TableExpiryIndex.ToEntity(new ExpiryEntry(ExpiryKind.Snapshot, s.TicketId, s.SnapshotId, s.ExpiresAt))));
        if (withBlobs)
        {
            var content = GzipLine();
            await Parallel.ForEachAsync(snapshots, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (s, ct) =>
                await Container.UploadBlobAsync(BlobSnapshotContentStore.BlobName(s.TicketId, s.SnapshotId), BinaryData.FromBytes(content), ct));
        }

        await SubmitAsync(catalog, snapshots.Select(TableSnapshotCatalog.ToEntity));
    }

    public Task SeedTicketsAsync(IEnumerable<Ticket> tickets) =>
        SubmitAsync(Tables.GetTableClient(_name + TableTicketStore.TableSuffix), tickets.Select(TableTicketStore.ToEntity));

    public async ValueTask DisposeAsync()
    {
        await foreach (var table in Tables.QueryAsync())
        {
            if (table.Name.StartsWith(_name, StringComparison.OrdinalIgnoreCase))
            {
                await Tables.DeleteTableAsync(table.Name);
            }
        }

        await Container.DeleteIfExistsAsync();
        await Services.DisposeAsync();
    }

    public static Snapshot NewSnapshot(string ticketId, string snapshotId, DateTimeOffset expiresAt) => new()
    {
        TicketId = ticketId,
        SnapshotId = snapshotId,
        Category = Category.Access,
        Source = "web-1",
        CapturedAt = expiresAt.AddDays(-1),
        ExpiresAt = expiresAt,
        Bytes = 2048,
        StoredBytes = 64,
        Lines = 12,
        ContentType = "text/plain",
        Pseudonymized = new Dictionary<string, long> { ["ipv4"] = 12 },
    };

    public static async Task SubmitAsync(TableClient table, IEnumerable<TableEntity> entities)
    {
        var batches = entities.GroupBy(e => e.PartitionKey).SelectMany(p => p.Chunk(100)).ToArray();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (batch, ct) =>
        {
            if (batch.Length == 1)
            {
                await table.UpsertEntityAsync(batch[0], TableUpdateMode.Replace, ct);
            }
            else
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct);
            }
        });
    }

    public static byte[] GzipLine()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("2001:db8::1 - - [26/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 512\n"u8);
        }

        return buffer.ToArray();
    }
}
