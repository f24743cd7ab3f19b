using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Options;

namespace Diagnostics.Storage;

/// <summary>Snapshot content as block blobs <c>{ticketId}/{snapshotId}.gz</c> in the snapshot container.</summary>
public sealed class BlobSnapshotContentStore : ISnapshotContentStore
{
    public const string ContentType = "application/gzip";

    private readonly BlobContainerClient _container;

    public BlobSnapshotContentStore(BlobServiceClient blobService, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(blobService);
        ArgumentNullException.ThrowIfNull(options);
        _container = blobService.GetBlobContainerClient(options.Value.SnapshotContainer);
    }

    public static string BlobName(string ticketId, string snapshotId) =>
        $"{StorageKeys.RequireId(ticketId, nameof(ticketId))}/{StorageKeys.RequireId(snapshotId, nameof(snapshotId))}.gz";

    public Task<Stream> OpenWriteAsync(string ticketId, string snapshotId, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlockBlobClient(BlobName(ticketId, snapshotId));
        return Task.FromResult<Stream>(new BlockUploadStream(blob, ContentType, cancellationToken));
    }

    public async Task<Stream?> OpenReadAsync(string ticketId, string snapshotId, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobName(ticketId, snapshotId));
        try
        {
            var response = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string ticketId, string snapshotId, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobName(ticketId, snapshotId));
        var deleted = await blob.DeleteIfExistsAsync(
            DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
        return deleted.Value;
    }

    public async Task<long> DeleteMeasuredAsync(string ticketId, string snapshotId, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobName(ticketId, snapshotId));
        long size;
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            size = properties.Value.ContentLength;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }

        var deleted = await blob.DeleteIfExistsAsync(
            DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
        return deleted.Value ? size : 0;
    }

    public async Task<(int Count, long Bytes)> DeleteAllAsync(string ticketId, CancellationToken cancellationToken)
    {
        var prefix = $"{StorageKeys.RequireId(ticketId, nameof(ticketId))}/";
        var count = 0;
        var bytes = 0L;
        try
        {
            await foreach (var item in _container.GetBlobsAsync(
                new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
            {
                var deleted = await _container.DeleteBlobIfExistsAsync(
                    item.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (deleted.Value)
                {
                    count++;
                    bytes += item.Properties.ContentLength ?? 0;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // No container, no content.
        }

        return (count, bytes);
    }

    public async Task<StoragePage<StoredContent>> ListPageAsync(string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in _container.GetBlobsAsync(new GetBlobsOptions(), cancellationToken)
                .AsPages(continuation, pageSize).ConfigureAwait(false))
            {
                var items = new List<StoredContent>(page.Values.Count);
                foreach (var item in page.Values)
                {
                    if (ParseName(item.Name) is { } ids)
                    {
                        items.Add(new StoredContent(ids.TicketId, ids.SnapshotId, item.Properties.ContentLength ?? 0,
                            item.Properties.LastModified ?? DateTimeOffset.MinValue));
                    }
                }

                return new StoragePage<StoredContent>(items, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // No container, no content.
        }

        return new StoragePage<StoredContent>([], null);
    }

    private static (string TicketId, string SnapshotId)? ParseName(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !name.EndsWith(".gz", StringComparison.Ordinal))
        {
            return null;
        }

        var ticketId = name[..slash];
        var snapshotId = name[(slash + 1)..^3];
        return Ids.IsValid(ticketId) && Ids.IsValid(snapshotId) ? (ticketId, snapshotId) : null;
    }
}
