using Azure.Data.Tables;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Options;

namespace Diagnostics.Storage;

/// <summary>
/// Purge runs in table <c>{prefix}purgeruns</c>: partition "run" keyed by inverted start time (newest first), and one row
/// "reconciled/last" holding when the last reconciliation completed, so that finding it is a point read.
/// </summary>
public sealed class TablePurgeRunLog : IPurgeRunLog
{
    public const string TableSuffix = "purgeruns";

    private const string RunPartition = "run";
    private const string ReconciledPartition = "reconciled";
    private const string ReconciledRow = "last";

    private readonly TableClient _table;

    public TablePurgeRunLog(TableServiceClient tableService, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        ArgumentNullException.ThrowIfNull(options);
        _table = tableService.GetTableClient(options.Value.TableName(TableSuffix));
    }

    public async Task AddAsync(PurgeRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var entity = new TableEntity(RunPartition, $"{StorageKeys.InvertedTicks(run.StartedAt)}-{StorageKeys.RandomSuffix()}")
        {
            ["StartedAt"] = run.StartedAt,
            ["DurationSeconds"] = run.Duration.TotalSeconds,
            ["SnapshotsDeleted"] = run.SnapshotsDeleted,
            ["BytesDeleted"] = run.BytesDeleted,
            ["TicketsErased"] = run.TicketsErased,
            ["Failures"] = run.Failures,
        };
        if (run.OldestOverdue is { } oldest)
        {
            entity["OldestOverdueSeconds"] = oldest.TotalSeconds;
        }

        if (run.Reconciliation is { } r)
        {
            entity["OrphanBlobsDeleted"] = r.OrphanBlobsDeleted;
            entity["OrphanBytesDeleted"] = r.OrphanBytesDeleted;
            entity["ExpiredSnapshotsDeleted"] = r.ExpiredSnapshotsDeleted;
            entity["IndexRowsRemoved"] = r.IndexRowsRemoved;
            entity["ReconciledTicketsErased"] = r.TicketsErased;
            entity["ReconcileFailures"] = r.Failures;
        }

        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        if (run.Reconciliation is { Failures: 0 })
        {
            await _table.UpsertEntityAsync(new TableEntity(ReconciledPartition, ReconciledRow) { ["At"] = run.StartedAt },
                TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        await PruneAsync(run.StartedAt - PurgeRunLogRetention.Keep, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PurgeRun>> ListRecentAsync(int max, CancellationToken cancellationToken)
    {
        var runs = new List<PurgeRun>();
        if (max <= 0)
        {
            return runs;
        }

        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition}"), maxPerPage: Math.Min(max, 1000),
            cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            runs.Add(FromEntity(entity));
            if (runs.Count >= max)
            {
                break;
            }
        }

        return runs;
    }

    public async Task<DateTimeOffset?> LastReconciledAtAsync(CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(
            ReconciledPartition, ReconciledRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetDateTimeOffset("At") : null;
    }

    // Inverted ticks: rows older than the cut-off sort after it. A few at a time, so a run never pays for a long history.
    private async Task PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var old = new List<(string, string)>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition} and RowKey gt {StorageKeys.InvertedTicks(olderThan)}"),
            maxPerPage: TableDeletes.MaxTransactionSize, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            old.Add((RunPartition, entity.RowKey));
            if (old.Count >= TableDeletes.MaxTransactionSize)
            {
                break;
            }
        }

        await TableDeletes.DeleteAsync(_table, old, cancellationToken).ConfigureAwait(false);
    }

    private static PurgeRun FromEntity(TableEntity entity) => new(
        entity.GetDateTimeOffset("StartedAt") ?? throw new InvalidDataException($"Purge run {entity.RowKey} has no StartedAt."),
        TimeSpan.FromSeconds(entity.GetDouble("DurationSeconds") ?? 0),
        entity.GetInt32("SnapshotsDeleted") ?? 0,
        entity.GetInt64("BytesDeleted") ?? 0,
        entity.GetInt32("TicketsErased") ?? 0,
        entity.GetInt32("Failures") ?? 0,
        entity.GetDouble("OldestOverdueSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        entity.GetInt32("OrphanBlobsDeleted") is { } orphans
            ? new ReconciliationReport(
                orphans,
                entity.GetInt64("OrphanBytesDeleted") ?? 0,
                entity.GetInt32("ExpiredSnapshotsDeleted") ?? 0,
                entity.GetInt32("IndexRowsRemoved") ?? 0,
                entity.GetInt32("ReconciledTicketsErased") ?? 0,
                entity.GetInt32("ReconcileFailures") ?? 0)
            : null);
}
