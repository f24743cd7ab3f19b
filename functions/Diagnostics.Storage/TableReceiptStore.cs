using Azure;
using Azure.Data.Tables;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Options;

namespace Diagnostics.Storage;

/// <summary>Deletion receipts in table <c>{prefix}receipts</c>: one partition per ticket, newest first.</summary>
public sealed class TableReceiptStore : IReceiptStore
{
    public const string TableSuffix = "receipts";

    private readonly TableClient _table;

    public TableReceiptStore(TableServiceClient tableService, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        ArgumentNullException.ThrowIfNull(options);
        _table = tableService.GetTableClient(options.Value.TableName(TableSuffix));
    }

    public async Task AddAsync(DeletionReceipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var entity = new TableEntity(
            StorageKeys.RequireId(receipt.TicketId, nameof(receipt)), StorageKeys.InvertedTicks(receipt.ErasedAt))
        {
            ["SnapshotsDeleted"] = receipt.SnapshotsDeleted,
            ["BytesDeleted"] = receipt.BytesDeleted,
            ["ErasedAt"] = receipt.ErasedAt,
            ["Reason"] = receipt.Reason,
        };
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The same ticket erased at the same instant: this receipt is written already (a retry).
        }
    }

    public async Task<IReadOnlyList<DeletionReceipt>> ListAsync(string ticketId, CancellationToken cancellationToken)
    {
        StorageKeys.RequireId(ticketId, nameof(ticketId));
        var receipts = new List<DeletionReceipt>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {ticketId}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            receipts.Add(new DeletionReceipt(
                entity.PartitionKey,
                entity.GetInt32("SnapshotsDeleted") ?? 0,
                entity.GetInt64("BytesDeleted") ?? 0,
                entity.GetDateTimeOffset("ErasedAt") ?? throw new InvalidDataException(
                    $"Receipt entity {entity.PartitionKey}/{entity.RowKey} has no ErasedAt."),
                entity.GetString("Reason") ?? string.Empty));
        }

        return receipts;
    }
}
