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

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? ticketId, int max, CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            return [];
        }

        if (ticketId is not null)
        {
            StorageKeys.RequirePartition(ticketId, nameof(ticketId));
            var entries = new List<AuditEntry>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {ticketId}"),
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
        await foreach (var entity in _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
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
