using System.Buffers;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Diagnostics.Storage;

/// <summary>
/// Writes a block blob block by block and commits the block list when disposed. Unlike the SDK's OpenWrite, it writes no
/// empty placeholder first and commits without conditions: nothing of the blob is visible until the commit, and an erasure
/// that deletes the ticket's blobs meanwhile cannot turn the commit into a failure (the ingest discards what it committed
/// when it finds the ticket erased). Memory is one block buffer whatever the content's size.
/// </summary>
internal sealed class BlockUploadStream(BlockBlobClient blob, string contentType, CancellationToken cancellationToken) : Stream
{
    public const int BlockSize = 1024 * 1024;

    private readonly List<string> _blockIds = [];
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
    private int _filled;
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _buffer is not null;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
        WriteAsync(buffer.AsMemory(offset, count), token).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken token = default)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(BlockUploadStream));
        while (!source.IsEmpty)
        {
            var take = Math.Min(source.Length, BlockSize - _filled);
            source[..take].CopyTo(buffer.AsMemory(_filled));
            _filled += take;
            _written += take;
            source = source[take..];
            if (_filled == BlockSize)
            {
                await StageAsync(token).ConfigureAwait(false);
            }
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken token) => Task.CompletedTask;

    public override async ValueTask DisposeAsync()
    {
        if (_buffer is null)
        {
            return;
        }

        try
        {
            if (_filled > 0)
            {
                await StageAsync(cancellationToken).ConfigureAwait(false);
            }

            await blob.CommitBlockListAsync(_blockIds, new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is not null)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task StageAsync(CancellationToken token)
    {
        // Fixed-length ids, as the service requires within one blob.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(_blockIds.Count.ToString("D6", CultureInfo.InvariantCulture)));
        using var block = new MemoryStream(_buffer!, 0, _filled, writable: false);
        await blob.StageBlockAsync(id, block, new BlockBlobStageBlockOptions(), token).ConfigureAwait(false);
        _blockIds.Add(id);
        _filled = 0;
    }
}
