using System.Globalization;
using Azure.Data.Tables;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Options;

namespace Diagnostics.Storage;

/// <summary>
/// Due dates in table <c>{prefix}expiry</c>, partitioned by the UTC minute they fall due (<c>yyyyMMddHHmm</c>, which
/// sorts like time). Listing what is due reads the partitions up to now, which hold only what is due and the
/// rest of the current minute: the cost grows with what expired, not with what is stored.
/// </summary>
public sealed class TableExpiryIndex : IExpiryIndex
{
    public const string TableSuffix = "expiry";

    private const string NoSnapshot = "-";

    private readonly TableClient _table;

    public TableExpiryIndex(TableServiceClient tableService, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        ArgumentNullException.ThrowIfNull(options);
        _table = tableService.GetTableClient(options.Value.TableName(TableSuffix));
    }

    public static string Bucket(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    public async Task AddAsync(ExpiryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _table.UpsertEntityAsync(ToEntity(entry), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The row as stored; internal so that benchmarks can seed in batches exactly what the index writes.</summary>
    internal static TableEntity ToEntity(ExpiryEntry entry)
    {
        var (partitionKey, rowKey) = Key(entry);
        var entity = new TableEntity(partitionKey, rowKey)
        {
            ["Kind"] = KindName(entry.Kind),
            ["TicketId"] = entry.TicketId,
            ["DueAt"] = entry.DueAt,
        };
        if (entry.SnapshotId is not null)
        {
            entity["SnapshotId"] = entry.SnapshotId;
        }

        return entity;
    }

    public async Task<IReadOnlyList<ExpiryEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var due = new List<ExpiryEntry>();
        if (max <= 0)
        {
            return due;
        }

        // Rows come in partition order, so buckets come oldest first; within a bucket they are sorted here.
        var bucket = new List<ExpiryEntry>();
        string? bucketKey = null;
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey le {Bucket(now)}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (bucketKey != entity.PartitionKey)
            {
                Flush();
                if (due.Count >= max)
                {
                    break;
                }

                bucketKey = entity.PartitionKey;
            }

            var entry = FromEntity(entity);
            if (entry.DueAt <= now)
            {
                bucket.Add(entry);
            }
        }

        Flush();
        return due.Count > max ? due.GetRange(0, max) : due;

        void Flush()
        {
            bucket.Sort((a, b) => a.DueAt.CompareTo(b.DueAt));
            due.AddRange(bucket);
            bucket.Clear();
        }
    }

    public async Task<StoragePage<IndexedExpiry>> ListFromAsync(
        DateTimeOffset from, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        await foreach (var page in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey ge {Bucket(from)}"), maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(continuation, pageSize).ConfigureAwait(false))
        {
            return new StoragePage<IndexedExpiry>(
                [.. page.Values.Select(e => new IndexedExpiry(FromEntity(e), e.Timestamp ?? DateTimeOffset.MinValue))],
                string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new StoragePage<IndexedExpiry>([], null);
    }

    public async Task RemoveAsync(IReadOnlyCollection<ExpiryEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var keys = entries.Select(Key).ToList();
        await TableDeletes.DeleteAsync(_table, keys, cancellationToken).ConfigureAwait(false);
    }

    private static (string PartitionKey, string RowKey) Key(ExpiryEntry entry)
    {
        StorageKeys.RequireId(entry.TicketId, nameof(entry));
        var snapshot = entry.SnapshotId is null ? NoSnapshot : StorageKeys.RequireId(entry.SnapshotId, nameof(entry));
        return (Bucket(entry.DueAt), $"{KindName(entry.Kind)}:{entry.TicketId}:{snapshot}");
    }

    private static string KindName(ExpiryKind kind) => kind switch
    {
        ExpiryKind.Snapshot => "snapshot",
        ExpiryKind.Ticket => "ticket",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown expiry kind."),
    };

    private static ExpiryEntry FromEntity(TableEntity entity) => new(
        Enum.Parse<ExpiryKind>(entity.GetString("Kind") ?? string.Empty, ignoreCase: true),
        entity.GetString("TicketId") ?? string.Empty,
        entity.GetString("SnapshotId"),
        entity.GetDateTimeOffset("DueAt") ?? throw new InvalidDataException(
            $"Expiry entity {entity.PartitionKey}/{entity.RowKey} has no DueAt."));
}
