using Azure;
using Azure.Data.Tables;

namespace Diagnostics.Storage;

/// <summary>Idempotent deletes in entity-group transactions.</summary>
internal static class TableDeletes
{
    /// <summary>The service's limit for one transaction; Azurite answers more with a reply the SDK cannot parse.</summary>
    public const int MaxTransactionSize = 100;

    /// <summary>Deletes the entities that still exist, per partition, at most 100 to a transaction.</summary>
    public static async Task DeleteAsync(
        TableClient table, IEnumerable<(string PartitionKey, string RowKey)> keys, CancellationToken cancellationToken)
    {
        foreach (var partition in keys.Distinct().GroupBy(k => k.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(MaxTransactionSize))
            {
                await DeleteChunkAsync(table, chunk, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task DeleteChunkAsync(
        TableClient table, (string PartitionKey, string RowKey)[] chunk, CancellationToken cancellationToken)
    {
        if (chunk.Length == 1)
        {
            await DeleteOneAsync(table, chunk[0], cancellationToken).ConfigureAwait(false);
            return;
        }

        var actions = chunk.Select(k =>
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.PartitionKey, k.RowKey), ETag.All));
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // One missing entity fails the whole transaction: someone deleted it already (a resumed purge,
            // a concurrent erasure). Delete the rest one by one; single deletes ignore missing entities.
            foreach (var key in chunk)
            {
                await DeleteOneAsync(table, key, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task DeleteOneAsync(
        TableClient table, (string PartitionKey, string RowKey) key, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(key.PartitionKey, key.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }
}
