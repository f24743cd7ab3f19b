using Azure.Data.Tables;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Options;

namespace Diagnostics.Storage;

/// <summary>Snapshot entities in table <c>{prefix}snapshots</c>, partitioned by ticket: listing a ticket is one partition query.</summary>
public sealed class TableSnapshotCatalog : ISnapshotCatalog
{
    public const string TableSuffix = "snapshots";

    private readonly TableClient _table;

    public TableSnapshotCatalog(TableServiceClient tableService, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        ArgumentNullException.ThrowIfNull(options);
        _table = tableService.GetTableClient(options.Value.TableName(TableSuffix));
    }

    public async Task AddAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);

        // Upsert: snapshot ids are fresh, so this only makes a retried add (response lost, request applied) harmless.
        await _table.UpsertEntityAsync(ToEntity(snapshot), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Snapshot?> GetAsync(string ticketId, string snapshotId, CancellationToken cancellationToken)
    {
        StorageKeys.RequireId(ticketId, nameof(ticketId));
        StorageKeys.RequireId(snapshotId, nameof(snapshotId));
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(
            ticketId, snapshotId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<IReadOnlyList<Snapshot>> ListAsync(string ticketId, CancellationToken cancellationToken)
    {
        StorageKeys.RequireId(ticketId, nameof(ticketId));
        var snapshots = new List<Snapshot>();
        await foreach (var entity in QueryPartition(ticketId, cancellationToken).ConfigureAwait(false))
        {
            snapshots.Add(FromEntity(entity));
        }

        return snapshots;
    }

    public async Task DeleteAsync(string ticketId, string snapshotId, CancellationToken cancellationToken)
    {
        StorageKeys.RequireId(ticketId, nameof(ticketId));
        StorageKeys.RequireId(snapshotId, nameof(snapshotId));
        await TableDeletes.DeleteAsync(_table, [(ticketId, snapshotId)], cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteManyAsync(string ticketId, IReadOnlyCollection<string> snapshotIds, CancellationToken cancellationToken)
    {
        StorageKeys.RequireId(ticketId, nameof(ticketId));
        ArgumentNullException.ThrowIfNull(snapshotIds);
        await TableDeletes.DeleteAsync(
            _table, snapshotIds.Select(id => (ticketId, StorageKeys.RequireId(id, nameof(snapshotIds)))), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Snapshot>> DeleteAllAsync(string ticketId, CancellationToken cancellationToken)
    {
        var snapshots = await ListAsync(ticketId, cancellationToken).ConfigureAwait(false);
        await TableDeletes.DeleteAsync(
            _table, snapshots.Select(s => (s.TicketId, s.SnapshotId)), cancellationToken).ConfigureAwait(false);
        return snapshots;
    }

    private IAsyncEnumerable<TableEntity> QueryPartition(string ticketId, CancellationToken cancellationToken) =>
        _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {ticketId}"), cancellationToken: cancellationToken);

    /// <summary>The entity as stored; internal so that benchmarks can seed in batches exactly what the catalog writes.</summary>
    internal static TableEntity ToEntity(Snapshot snapshot) =>
        new(StorageKeys.RequireId(snapshot.TicketId, nameof(snapshot)), StorageKeys.RequireId(snapshot.SnapshotId, nameof(snapshot)))
        {
            ["Category"] = snapshot.Category,
            ["Source"] = snapshot.Source,
            ["CapturedAt"] = snapshot.CapturedAt,
            ["ExpiresAt"] = snapshot.ExpiresAt,
            ["Bytes"] = snapshot.Bytes,
            ["StoredBytes"] = snapshot.StoredBytes,
            ["Lines"] = snapshot.Lines,
            ["ContentType"] = snapshot.ContentType,
            ["Pseudonymized"] = StorageJson.Serialize(snapshot.Pseudonymized),
            ["Removed"] = StorageJson.Serialize(snapshot.Removed),
        };

    private static Snapshot FromEntity(TableEntity entity) => new()
    {
        TicketId = entity.PartitionKey,
        SnapshotId = entity.RowKey,
        Category = entity.GetString("Category") ?? string.Empty,
        Source = entity.GetString("Source") ?? string.Empty,
        CapturedAt = entity.GetDateTimeOffset("CapturedAt") ?? throw Missing(entity, "CapturedAt"),
        ExpiresAt = entity.GetDateTimeOffset("ExpiresAt") ?? throw Missing(entity, "ExpiresAt"),
        Bytes = entity.GetInt64("Bytes") ?? 0,
        StoredBytes = entity.GetInt64("StoredBytes") ?? 0,
        Lines = entity.GetInt64("Lines") ?? 0,
        ContentType = entity.GetString("ContentType") ?? string.Empty,
        Pseudonymized = StorageJson.ReadCounts(entity.GetString("Pseudonymized")),
        Removed = StorageJson.ReadCounts(entity.GetString("Removed")),
    };

    private static InvalidDataException Missing(TableEntity entity, string name) =>
        new($"Snapshot entity {entity.PartitionKey}/{entity.RowKey} has no {name}.");
}
