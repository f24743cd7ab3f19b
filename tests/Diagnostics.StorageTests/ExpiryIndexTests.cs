using Diagnostics.Core.Storage;
using Diagnostics.Storage;

namespace Diagnostics.StorageTests;

public sealed class ExpiryIndexTests : StorageTest
{
    // Mid-minute, so that the same bucket holds times before and after it.
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 30, 30, TimeSpan.Zero);

    [Fact]
    public async Task ListDueReturnsOnlyEntriesDueAtOrBeforeNow()
    {
        var past = Snapshot("T-1", "past", Now.AddDays(-3));
        var earlierThisMinute = Snapshot("T-1", "earlier", Now.AddSeconds(-20));
        var exactlyNow = Ticket("T-2", Now);
        var laterThisMinute = Snapshot("T-1", "later", Now.AddSeconds(20));
        var nextMinute = Snapshot("T-1", "next", Now.AddSeconds(31));
        var future = Ticket("T-3", Now.AddDays(5));
        foreach (var entry in new[] { future, laterThisMinute, past, nextMinute, exactlyNow, earlierThisMinute })
        {
            await Storage.Expiry.AddAsync(entry, Ct);
        }

        var due = await Storage.Expiry.ListDueAsync(Now, 100, Ct);

        Assert.Equal([past, earlierThisMinute, exactlyNow], due);
    }

    [Fact]
    public async Task ListDueReturnsTheOldestFirstAcrossAndWithinBuckets()
    {
        var entries = new List<ExpiryEntry>();
        for (var i = 0; i < 30; i++)
        {
            // Spread over three buckets, several entries each, inserted in scrambled order.
            var dueAt = Now.AddMinutes(-3).AddSeconds((i * 37 % 30) * 5.5);
            entries.Add(Snapshot("T-1", $"s{i:D2}", dueAt));
        }

        foreach (var entry in entries)
        {
            await Storage.Expiry.AddAsync(entry, Ct);
        }

        var due = await Storage.Expiry.ListDueAsync(Now, 100, Ct);

        Assert.Equal(30, due.Count);
        Assert.Equal(entries.OrderBy(e => e.DueAt).Select(e => e.DueAt), due.Select(e => e.DueAt));
        Assert.True(due.Select(e => TableExpiryIndex.Bucket(e.DueAt)).Distinct().Count() >= 3);
    }

    [Fact]
    public async Task ListDueStopsAfterMaxKeepingTheOldest()
    {
        var entries = Enumerable.Range(0, 12)
            .Select(i => Snapshot("T-1", $"s{i:D2}", Now.AddMinutes(-i).AddSeconds(-i)))
            .ToList();
        foreach (var entry in entries)
        {
            await Storage.Expiry.AddAsync(entry, Ct);
        }

        var due = await Storage.Expiry.ListDueAsync(Now, 5, Ct);

        Assert.Equal(entries.OrderBy(e => e.DueAt).Take(5), due);
        Assert.Empty(await Storage.Expiry.ListDueAsync(Now, 0, Ct));
    }

    [Fact]
    public async Task ListDueWithMaxInsideOneBucketKeepsTheOldestOfThatBucket()
    {
        // Row keys sort s00..s19 while due times run the other way: the oldest are the last rows of the bucket.
        var bucketStart = new DateTimeOffset(2025, 6, 1, 12, 29, 0, TimeSpan.Zero);
        var entries = Enumerable.Range(0, 20)
            .Select(i => Snapshot("T-1", $"s{i:D2}", bucketStart.AddSeconds(59 - i * 2)))
            .ToList();
        foreach (var entry in entries)
        {
            await Storage.Expiry.AddAsync(entry, Ct);
        }

        var due = await Storage.Expiry.ListDueAsync(Now, 5, Ct);

        Assert.Equal(entries.OrderBy(e => e.DueAt).Take(5), due);
        Assert.Equal(["s19", "s18", "s17", "s16", "s15"], due.Select(e => e.SnapshotId));
    }

    [Fact]
    public async Task EntriesRoundTripWithKindTicketAndSnapshot()
    {
        var ticket = Ticket("T-1", Now.AddTicks(-1_234_567));
        var snapshot = Snapshot("T-1", "s_1", Now.AddTicks(-7));
        await Storage.Expiry.AddAsync(ticket, Ct);
        await Storage.Expiry.AddAsync(snapshot, Ct);

        var due = await Storage.Expiry.ListDueAsync(Now, 10, Ct);

        Assert.Equal([ticket, snapshot], due);
        Assert.Null(due[0].SnapshotId);
    }

    [Fact]
    public async Task AddingTheSameEntryTwiceKeepsOne()
    {
        var entry = Snapshot("T-1", "s", Now.AddMinutes(-1));
        await Storage.Expiry.AddAsync(entry, Ct);
        await Storage.Expiry.AddAsync(entry, Ct);

        Assert.Equal([entry], await Storage.Expiry.ListDueAsync(Now, 10, Ct));
    }

    [Fact]
    public async Task RemoveIsIdempotentIncludingAlreadyRemovedEntries()
    {
        var entries = Enumerable.Range(0, 6).Select(i => Snapshot("T-1", $"s{i}", Now.AddMinutes(-i))).ToList();
        foreach (var entry in entries)
        {
            await Storage.Expiry.AddAsync(entry, Ct);
        }

        await Storage.Expiry.RemoveAsync(entries.Take(3).ToList(), Ct);
        Assert.Equal(entries.Skip(3).OrderBy(e => e.DueAt), await Storage.Expiry.ListDueAsync(Now, 100, Ct));

        // Removed, present and never-added entries mixed in one call, twice.
        var mixed = entries.Append(Ticket("T-9", Now.AddMinutes(-1))).ToList();
        await Storage.Expiry.RemoveAsync(mixed, Ct);
        await Storage.Expiry.RemoveAsync(mixed, Ct);

        Assert.Empty(await Storage.Expiry.ListDueAsync(Now, 100, Ct));
    }

    [Fact]
    public async Task BatchWithOneAlreadyRemovedEntryStillRemovesTheOthers()
    {
        var entries = Enumerable.Range(0, 10).Select(i => Snapshot("T-1", $"s{i}", Now.AddSeconds(-i))).ToList();
        foreach (var entry in entries)
        {
            await Storage.Expiry.AddAsync(entry, Ct);
        }

        await Storage.Expiry.RemoveAsync([entries[4]], Ct);
        await Storage.Expiry.RemoveAsync(entries, Ct);

        Assert.Empty(await Storage.Expiry.ListDueAsync(Now, 100, Ct));
    }

    [Fact]
    public async Task OneHundredFiftyEntriesInOneBucketAreListedAndRemoved()
    {
        var bucketStart = new DateTimeOffset(2025, 6, 1, 12, 29, 0, TimeSpan.Zero);
        var entries = Enumerable.Range(0, 150)
            .Select(i => Snapshot($"T-{i % 7}", $"s{i:D3}", bucketStart.AddMilliseconds(i * 300)))
            .ToList();
        Assert.Single(entries.Select(e => TableExpiryIndex.Bucket(e.DueAt)).Distinct());
        foreach (var entry in entries)
        {
            await Storage.Expiry.AddAsync(entry, Ct);
        }

        var due = await Storage.Expiry.ListDueAsync(Now, 1000, Ct);
        Assert.Equal(entries, due);

        await Storage.Expiry.RemoveAsync(due.ToList(), Ct);

        Assert.Empty(await Storage.Expiry.ListDueAsync(Now, 1000, Ct));
    }

    [Fact]
    public async Task RemovedEntriesLeaveNoRowsBehind()
    {
        var entries = Enumerable.Range(0, 120).Select(i => Snapshot("T-1", $"s{i}", Now.AddSeconds(-i * 3))).ToList();
        foreach (var entry in entries)
        {
            await Storage.Expiry.AddAsync(entry, Ct);
        }

        await Storage.Expiry.RemoveAsync(entries, Ct);

        var dump = await Storage.DumpAsync(Ct);
        Assert.DoesNotContain("entity ", dump, StringComparison.Ordinal);
    }

    [Fact]
    public void BucketsAreUtcMinutesThatSortLikeTime()
    {
        Assert.Equal("202506011230", TableExpiryIndex.Bucket(Now));
        Assert.Equal("202506011030", TableExpiryIndex.Bucket(new DateTimeOffset(2025, 6, 1, 12, 30, 59, TimeSpan.FromHours(2))));
        Assert.True(string.CompareOrdinal(TableExpiryIndex.Bucket(Now.AddMinutes(-1)), TableExpiryIndex.Bucket(Now)) < 0);
        Assert.True(string.CompareOrdinal(TableExpiryIndex.Bucket(Now), TableExpiryIndex.Bucket(Now.AddYears(1))) < 0);
    }

    private static ExpiryEntry Snapshot(string ticketId, string snapshotId, DateTimeOffset dueAt) =>
        new(ExpiryKind.Snapshot, ticketId, snapshotId, dueAt);

    private static ExpiryEntry Ticket(string ticketId, DateTimeOffset dueAt) => new(ExpiryKind.Ticket, ticketId, null, dueAt);
}
