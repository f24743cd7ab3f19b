using System.Security.Cryptography;
using Diagnostics.Storage;

namespace Diagnostics.StorageTests;

public sealed class SnapshotContentStoreTests : StorageTest
{
    [Fact]
    public async Task WrittenContentIsReadBackAsGzip()
    {
        var content = Gzip("{\"ip\":\"192.0.2.1\"}\n{\"ip\":\"192.0.2.2\"}\n");

        await WriteAsync("T-1", "s-1", content);
        var read = await ReadAsync("T-1", "s-1");

        Assert.Equal(content, read);
        var properties = await Storage.BlobService.GetBlobContainerClient(Storage.ContainerName)
            .GetBlobClient("T-1/s-1.gz").GetPropertiesAsync(cancellationToken: Ct);
        Assert.Equal("application/gzip", properties.Value.ContentType);
        Assert.Equal(content.Length, properties.Value.ContentLength);
    }

    [Fact]
    public async Task ContentLargerThanOneBlockIsWrittenInPiecesAndReadBackWhole()
    {
        // 9 MiB, written 64 KiB at a time: several staged blocks committed on dispose.
        var content = RandomNumberGenerator.GetBytes(9 * 1024 * 1024);
        await using (var stream = await Storage.Content.OpenWriteAsync("T-1", "big", Ct))
        {
            for (var offset = 0; offset < content.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(content.AsMemory(offset, 64 * 1024), Ct);
            }
        }

        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAsync("T-1", "big")));
    }

    [Fact]
    public async Task NothingIsListedBeforeTheCommitAndAnErasureMeanwhileDoesNotFailIt()
    {
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var stream = await Storage.Content.OpenWriteAsync("T-1", "racing", Ct);
        await stream.WriteAsync(content, Ct);

        Assert.Empty((await Storage.Content.ListPageAsync(null, 100, Ct)).Items);
        Assert.Equal((0, 0L), await Storage.Content.DeleteAllAsync("T-1", Ct));
        await stream.DisposeAsync();

        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAsync("T-1", "racing")));
    }

    [Fact]
    public async Task WritingAgainReplacesTheContent()
    {
        await WriteAsync("T-1", "s-1", Gzip(new string('x', 10_000)));
        var second = Gzip("short");

        await WriteAsync("T-1", "s-1", second);

        Assert.Equal(second, await ReadAsync("T-1", "s-1"));
    }

    [Fact]
    public async Task ReadReturnsNullForAMissingBlob()
    {
        await WriteAsync("T-1", "s-1", Gzip("x"));

        Assert.Null(await Storage.Content.OpenReadAsync("T-1", "s-2", Ct));
        Assert.Null(await Storage.Content.OpenReadAsync("T-2", "s-1", Ct));
    }

    [Fact]
    public async Task DeleteSaysWhetherTheBlobWasThere()
    {
        await WriteAsync("T-1", "s-1", Gzip("line"));

        Assert.True(await Storage.Content.DeleteAsync("T-1", "s-1", Ct));
        Assert.Null(await Storage.Content.OpenReadAsync("T-1", "s-1", Ct));
        Assert.False(await Storage.Content.DeleteAsync("T-1", "s-1", Ct));
        Assert.False(await Storage.Content.DeleteAsync("T-never", "s-1", Ct));
    }

    [Fact]
    public async Task DeleteMeasuredReturnsTheBlobSizeThenZero()
    {
        var content = Gzip(new string('a', 5_000) + "tail");
        await WriteAsync("T-1", "s-1", content);

        Assert.Equal(content.Length, await Storage.Content.DeleteMeasuredAsync("T-1", "s-1", Ct));
        Assert.Null(await Storage.Content.OpenReadAsync("T-1", "s-1", Ct));
        Assert.Equal(0, await Storage.Content.DeleteMeasuredAsync("T-1", "s-1", Ct));
        Assert.Equal(0, await Storage.Content.DeleteMeasuredAsync("T-never", "s-1", Ct));
    }

    [Fact]
    public async Task DeleteAllRemovesOnlyTheTicketsBlobsAndSumsTheirSizes()
    {
        var sizes = 0L;
        for (var i = 0; i < 3; i++)
        {
            var content = Gzip(new string('z', 1_000 * (i + 1)) + i);
            sizes += content.Length;
            await WriteAsync("T-1", $"s-{i}", content);
        }

        var neighbour = Gzip("neighbour");
        await WriteAsync("T-10", "s-0", neighbour);
        await WriteAsync("T", "s-0", neighbour);

        var (count, bytes) = await Storage.Content.DeleteAllAsync("T-1", Ct);

        Assert.Equal(3, count);
        Assert.Equal(sizes, bytes);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await Storage.Content.OpenReadAsync("T-1", $"s-{i}", Ct));
        }

        Assert.Equal(neighbour, await ReadAsync("T-10", "s-0"));
        Assert.Equal(neighbour, await ReadAsync("T", "s-0"));
        Assert.Equal((0, 0L), await Storage.Content.DeleteAllAsync("T-1", Ct));
    }

    [Theory]
    [InlineData("..", "s")]
    [InlineData("T-1", "a/b")]
    [InlineData("T-1", "")]
    [InlineData("T-1", "s.gz")]
    [InlineData("T%2F1", "s")]
    public async Task InvalidIdsAreRefusedBeforeNamingABlob(string ticketId, string snapshotId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Content.OpenWriteAsync(ticketId, snapshotId, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Content.OpenReadAsync(ticketId, snapshotId, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Content.DeleteAsync(ticketId, snapshotId, Ct));
    }

    [Fact]
    public void BlobNamesAreTicketSlashSnapshotDotGz()
    {
        Assert.Equal("T-1/s_2.gz", BlobSnapshotContentStore.BlobName("T-1", "s_2"));
        Assert.Throws<ArgumentException>(() => BlobSnapshotContentStore.BlobName(new string('a', 65), "s"));
    }

    [Fact]
    public async Task DumpShowsTheDecompressedContentOfEveryBlobAndEveryEntity()
    {
        await WriteAsync("T-1", "s-1", Gzip("line-with-marker-6c1f\n"));
        await Storage.Tickets.TryCreateAsync(NewTicket("T-1") with { CustomerId = "cust-marker-93ab" }, Ct);

        var dump = await Storage.DumpAsync(Ct);

        Assert.Contains("line-with-marker-6c1f", dump, StringComparison.Ordinal);
        Assert.Contains("cust-marker-93ab", dump, StringComparison.Ordinal);
    }

    private async Task WriteAsync(string ticketId, string snapshotId, byte[] content)
    {
        await using var stream = await Storage.Content.OpenWriteAsync(ticketId, snapshotId, Ct);
        await stream.WriteAsync(content, Ct);
    }

    private async Task<byte[]> ReadAsync(string ticketId, string snapshotId)
    {
        await using var stream = await Storage.Content.OpenReadAsync(ticketId, snapshotId, Ct);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }
}
