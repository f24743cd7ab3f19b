using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Options;

namespace Diagnostics.Storage;

/// <summary>
/// The append-only trail in table <c>{prefix}audit</c>: one partition per ticket ("~system" for entries of no
/// ticket), rows keyed by inverted time plus a random suffix, so that the newest come first and never collide.
/// </summary>
public sealed class TableAuditLog : IAuditLog
{
    public const string TableSuffix = "audit";

    public const string SystemTicketId = StorageKeys.SystemPartition;

    private readonly TableClient _table;

    public TableAuditLog(TableServiceClient tableService, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        ArgumentNullException.ThrowIfNull(options);
        _table = tableService.GetTableClient(options.Value.TableName(TableSuffix));
    }

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var entity = new TableEntity(
            StorageKeys.RequirePartition(entry.TicketId, nameof(entry)),
            $"{StorageKeys.InvertedTicks(entry.At)}-{StorageKeys.RandomSuffix()}")
        {
            ["At"] = entry.At,
            ["ActorKind"] = entry.ActorKind,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["TicketId"] = entry.TicketId,
            ["Outcome"] = entry.Outcome,
        };
        if (entry.SnapshotId is not null)
        {
            entity["SnapshotId"] = entry.SnapshotId;
        }

        if (entry.Detail is not null)
        {
            entity["Detail"] = entry.Detail;
        }

        try
        {
            await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The row key is random: only our own retried request (first reply lost) can have written it.
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var max = query.Max;
        if (max <= 0)
        {
            return [];
        }

        var filter = Filter(query);
        if (query.TicketId is not null)
        {
            var entries = new List<AuditEntry>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(
                filter,
                maxPerPage: Math.Min(max, 1000),
                cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                entries.Add(FromEntity(entity));
                if (entries.Count >= max)
                {
                    break;
                }
            }

            return entries;
        }

        // Across tickets rows come partition by partition: keep the newest max (smallest row keys) as they pass.
        var newest = new PriorityQueue<TableEntity, string>(Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a)));
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (newest.Count < max)
            {
                newest.Enqueue(entity, entity.RowKey);
            }
            else if (newest.TryPeek(out _, out var oldestKept) && string.CompareOrdinal(entity.RowKey, oldestKept) < 0)
            {
                newest.DequeueEnqueue(entity, entity.RowKey);
            }
        }

        return newest.UnorderedItems
            .OrderBy(item => item.Priority, StringComparer.Ordinal)
            .Select(item => FromEntity(item.Element))
            .ToList();
    }

    /// <summary>
    /// The query as a table filter. Row keys start with the inverted time then '-', so a time range is a row key
    /// range: at &gt;= from exactly when the key sorts before "{inverted from}." ('.' follows '-').
    /// </summary>
    private static string? Filter(AuditQuery query)
    {
        var conditions = new List<string>(4);
        var values = new List<object>(4);
        void Add(string condition, object value)
        {
            conditions.Add($"{condition} {{{values.Count}}}");
            values.Add(value);
        }

        if (query.TicketId is not null)
        {
            Add("PartitionKey eq", StorageKeys.RequirePartition(query.TicketId, nameof(query)));
        }

        if (query.From is { } from)
        {
            Add("RowKey lt", StorageKeys.InvertedTicks(from) + ".");
        }

        if (query.To is { } to)
        {
            Add("RowKey gt", StorageKeys.InvertedTicks(to) + ".");
        }

        if (query.Action is not null)
        {
            Add("Action eq", query.Action);
        }

        // Every value goes through CreateQueryFilter's quoting; only our own constant conditions are joined.
        return conditions.Count == 0
            ? null
            : TableClient.CreateQueryFilter(FormattableStringFactory.Create(string.Join(" and ", conditions), [.. values]));
    }

    private static AuditEntry FromEntity(TableEntity entity) => new(
        entity.GetDateTimeOffset("At") ?? throw new InvalidDataException(
            $"Audit entity {entity.PartitionKey}/{entity.RowKey} has no At."),
        entity.GetString("ActorKind") ?? string.Empty,
        entity.GetString("Actor") ?? string.Empty,
        entity.GetString("Action") ?? string.Empty,
        entity.GetString("TicketId") ?? entity.PartitionKey,
        entity.GetString("SnapshotId"),
        entity.GetString("Outcome") ?? string.Empty,
        entity.GetString("Detail"));
}
