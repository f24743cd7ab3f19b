namespace Diagnostics.StorageTests;

public sealed class SnapshotCatalogTests : StorageTest
{
    [Fact]
    public async Task AddedSnapshotIsReadBackWithEveryProperty()
    {
        var snapshot = NewSnapshot("T-1", "s-1");

        await Storage.Snapshots.AddAsync(snapshot, Ct);
        var read = await Storage.Snapshots.GetAsync("T-1", "s-1", Ct);

        Assert.NotNull(read);
        Assert.Equal(snapshot with { Pseudonymized = read.Pseudonymized, Removed = read.Removed }, read);
        Assert.Equal(T0.UtcTicks, read.CapturedAt.UtcTicks);
        Assert.Equal(snapshot.Pseudonymized.OrderBy(p => p.Key), read.Pseudonymized.OrderBy(p => p.Key));
        Assert.Equal(snapshot.Removed.OrderBy(p => p.Key), read.Removed.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task GetReturnsNullForAnUnknownSnapshot()
    {
        await Storage.Snapshots.AddAsync(NewSnapshot("T-1", "s-1"), Ct);

        Assert.Null(await Storage.Snapshots.GetAsync("T-1", "s-2", Ct));
        Assert.Null(await Storage.Snapshots.GetAsync("T-2", "s-1", Ct));
    }

    [Fact]
    public async Task ListReturnsOnlyTheTicketsOwnSnapshots()
    {
        await Storage.Snapshots.AddAsync(NewSnapshot("T-1", "a"), Ct);
        await Storage.Snapshots.AddAsync(NewSnapshot("T-1", "b"), Ct);
        await Storage.Snapshots.AddAsync(NewSnapshot("T-10", "c"), Ct);
        await Storage.Snapshots.AddAsync(NewSnapshot("T-0", "d"), Ct);

        var listed = await Storage.Snapshots.ListAsync("T-1", Ct);

        Assert.Equal(["a", "b"], listed.Select(s => s.SnapshotId).Order(StringComparer.Ordinal));
        Assert.All(listed, s => Assert.Equal("T-1", s.TicketId));
        Assert.Empty(await Storage.Snapshots.ListAsync("T-2", Ct));
    }

    [Fact]
    public async Task DeleteRemovesOneSnapshotAndIsIdempotent()
    {
        await Storage.Snapshots.AddAsync(NewSnapshot("T-1", "a"), Ct);
        await Storage.Snapshots.AddAsync(NewSnapshot("T-1", "b"), Ct);

        await Storage.Snapshots.DeleteAsync("T-1", "a", Ct);
        await Storage.Snapshots.DeleteAsync("T-1", "a", Ct);
        await Storage.Snapshots.DeleteAsync("T-9", "never-existed", Ct);

        Assert.Null(await Storage.Snapshots.GetAsync("T-1", "a", Ct));
        Assert.Equal(["b"], (await Storage.Snapshots.ListAsync("T-1", Ct)).Select(s => s.SnapshotId));
    }

    [Fact]
    public async Task DeleteAllRemovesTwoHundredFiftySnapshotsInBatchesAndSparesOtherTickets()
    {
        for (var i = 0; i < 250; i++)
        {
            await Storage.Snapshots.AddAsync(NewSnapshot("T-big", $"s{i:D3}"), Ct);
        }

        await Storage.Snapshots.AddAsync(NewSnapshot("T-other", "keep"), Ct);

        var deleted = await Storage.Snapshots.DeleteAllAsync("T-big", Ct);

        Assert.Equal(250, deleted.Count);
        Assert.Equal(250, deleted.Select(s => s.SnapshotId).Distinct().Count());
        Assert.All(deleted, s => Assert.Equal(4_567, s.StoredBytes));
        Assert.Empty(await Storage.Snapshots.ListAsync("T-big", Ct));
        Assert.Equal(["keep"], (await Storage.Snapshots.ListAsync("T-other", Ct)).Select(s => s.SnapshotId));
    }

    [Fact]
    public async Task DeleteAllIsIdempotent()
    {
        await Storage.Snapshots.AddAsync(NewSnapshot("T-1", "a"), Ct);

        Assert.Single(await Storage.Snapshots.DeleteAllAsync("T-1", Ct));
        Assert.Empty(await Storage.Snapshots.DeleteAllAsync("T-1", Ct));
        Assert.Empty(await Storage.Snapshots.DeleteAllAsync("T-never", Ct));
    }

    [Fact]
    public async Task AddingTheSameSnapshotAgainKeepsOneEntity()
    {
        await Storage.Snapshots.AddAsync(NewSnapshot("T-1", "a"), Ct);
        await Storage.Snapshots.AddAsync(NewSnapshot("T-1", "a") with { Lines = 7 }, Ct);

        var listed = await Storage.Snapshots.ListAsync("T-1", Ct);
        Assert.Equal(7, Assert.Single(listed).Lines);
    }

    [Theory]
    [InlineData("T-1", "../x")]
    [InlineData("T 1", "a")]
    [InlineData("T-1", "")]
    public async Task InvalidIdsAreRefused(string ticketId, string snapshotId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Snapshots.GetAsync(ticketId, snapshotId, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Snapshots.AddAsync(NewSnapshot(ticketId, snapshotId), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Snapshots.DeleteAsync(ticketId, snapshotId, Ct));
    }
}
