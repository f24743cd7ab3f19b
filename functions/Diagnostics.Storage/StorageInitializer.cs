using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Diagnostics.Storage;

/// <summary>Creates the tables and the snapshot container if missing. Idempotent; remembers its first success.</summary>
public sealed class StorageInitializer
{
    private static readonly string[] TableSuffixes =
    [
        TableTicketStore.TableSuffix,
        TableSnapshotCatalog.TableSuffix,
        TableExpiryIndex.TableSuffix,
        TableAuditLog.TableSuffix,
        TableReceiptStore.TableSuffix,
        TablePurgeRunLog.TableSuffix,
        TableRateCounters.TableSuffix,
    ];

    private readonly TableServiceClient _tableService;
    private readonly BlobServiceClient _blobService;
    private readonly StorageOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

    public StorageInitializer(TableServiceClient tableService, BlobServiceClient blobService, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        ArgumentNullException.ThrowIfNull(blobService);
        ArgumentNullException.ThrowIfNull(options);
        _tableService = tableService;
        _blobService = blobService;
        _options = options.Value;
    }

    /// <summary>Every table this project uses, with the configured prefix.</summary>
    public IReadOnlyList<string> TableNames => [.. TableSuffixes.Select(_options.TableName)];

    public string ContainerName => _options.SnapshotContainer;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_created)
            {
                return;
            }

            foreach (var table in TableNames)
            {
                await _tableService.CreateTableIfNotExistsAsync(table, cancellationToken).ConfigureAwait(false);
            }

            await _blobService.GetBlobContainerClient(_options.SnapshotContainer)
                .CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _created = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
