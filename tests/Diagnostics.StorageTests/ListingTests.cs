using Azure.Storage.Blobs.Specialized;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;

namespace Diagnostics.StorageTests;

/// <summary>The page-by-page listings reconciliation and the retention report read, and the batched deletes the purge uses.</summary>
public sealed class ListingTests : StorageTest
{
    [Fact]
    public async Task ContentIsListedPageByPageInNameOrderSkippingForeignBlobs()
    {
        var names = new List<(string, string)>();
        for (var i = 0; i < 7; i++)
        {
            names.Add(($"T-{i % 3}", $"s{i}"));
            await using var stream = await Storage.Content.OpenWriteAsync($"T-{i % 3}", $"s{i}", Ct);
            await stream.WriteAsync(Gzip(new string('x', i + 1)), Ct);
        }

        var container = Storage.BlobService.GetBlobContainerClient(Storage.ContainerName);
        await container.GetBlockBlobClient("not-ours.txt").UploadAsync(new MemoryStream([1, 2, 3]), cancellationToken: Ct);
        await container.GetBlockBlobClient("T-1/bad id.gz").UploadAsync(new MemoryStream([1, 2, 3]), cancellationToken: Ct);

        var listed = new List<StoredContent>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await Storage.Content.ListPageAsync(continuation, 3, Ct);
            listed.AddRange(page.Items);
            continuation = page.Continuation;
            pages++;
        }
        while (continuation is not null);

        Assert.True(pages >= 3, $"expected several pages, got {pages}");
        Assert.Equal(names.Order(), listed.Select(c => (c.TicketId, c.SnapshotId)));
        Assert.All(listed, c => Assert.True(c.Bytes > 0 && c.LastModified > DateTimeOffset.UtcNow.AddMinutes(-5)));
    }

    [Fact]
    public async Task TheIndexIsListedFromABucketOnwardsWithWhenEachRowWasWritten()
    {
        var now = new DateTimeOffset(2026, 1, 10, 12, 0, 30, TimeSpan.Zero);
        var past = new ExpiryEntry(ExpiryKind.Snapshot, "T-1", "old", now.AddMinutes(-2));
        var upcoming = Enumerable.Range(0, 5).Select(i => new ExpiryEntry(ExpiryKind.Snapshot, "T-1", $"s{i}", now.AddMinutes(i))).ToList();
        var ticket = new ExpiryEntry(ExpiryKind.Ticket, "T-2", null, now.AddDays(3));
        foreach (var entry in upcoming.Append(past).Append(ticket))
        {
            await Storage.Expiry.AddAsync(entry, Ct);
        }

        var rows = new List<IndexedExpiry>();
        string? continuation = null;
        do
        {
            var page = await Storage.Expiry.ListFromAsync(now, continuation, 2, Ct);
            rows.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal(upcoming.Append(ticket), rows.Select(r => r.Entry));
        Assert.All(rows, r => Assert.True(r.WrittenAt > DateTimeOffset.UtcNow.AddMinutes(-5)));
    }

    [Fact]
    public async Task UnerasedTicketsAreListedPageByPage()
    {
        for (var i = 0; i < 5; i++)
        {
            await Storage.Tickets.TryCreateAsync(NewTicket($"T-{i}") with { State = i % 2 == 0 ? TicketState.Opened : TicketState.Erased }, Ct);
        }

        var listed = new List<string>();
        string? continuation = null;
        do
        {
            var page = await Storage.Tickets.ListUnerasedAsync(continuation, 2, Ct);
            listed.AddRange(page.Items.Select(t => t.TicketId));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal(["T-0", "T-2", "T-4"], listed);
    }

    [Fact]
    public async Task ManyEntitiesOfATicketAreDeletedInBatchesToleratingThoseAlreadyGone()
    {
        for (var i = 0; i < 250; i++)
        {
            await Storage.Snapshots.AddAsync(NewSnapshot("T-1", $"s{i:D3}"), Ct);
        }

        await Storage.Snapshots.AddAsync(NewSnapshot("T-1", "kept"), Ct);
        await Storage.Snapshots.DeleteAsync("T-1", "s007", Ct);

        await Storage.Snapshots.DeleteManyAsync("T-1", [.. Enumerable.Range(0, 250).Select(i => $"s{i:D3}"), "never-there"], Ct);
        await Storage.Snapshots.DeleteManyAsync("T-1", ["s001", "s002"], Ct);

        Assert.Equal(["kept"], (await Storage.Snapshots.ListAsync("T-1", Ct)).Select(s => s.SnapshotId));
    }

    [Fact]
    public async Task PurgeRunsAreListedNewestFirstOldOnesArePrunedAndTheLastReconciliationIsRemembered()
    {
        var t0 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Null(await Storage.PurgeRuns.LastReconciledAtAsync(Ct));
        var reconciled = new ReconciliationReport(1, 10, 2, 3, 4, 0);
        await Storage.PurgeRuns.AddAsync(new PurgeRun(t0, TimeSpan.FromSeconds(2), 5, 500, 1, 0, TimeSpan.FromSeconds(30), reconciled), Ct);
        await Storage.PurgeRuns.AddAsync(new PurgeRun(t0.AddMinutes(5), TimeSpan.FromSeconds(1), 0, 0, 0, 2, null, null), Ct);
        await Storage.PurgeRuns.AddAsync(new PurgeRun(t0.AddMinutes(10), TimeSpan.FromSeconds(1), 0, 0, 0, 0, null,
            new ReconciliationReport(0, 0, 0, 0, 0, Failures: 3)), Ct);

        var runs = await Storage.PurgeRuns.ListRecentAsync(10, Ct);
        Assert.Equal([t0.AddMinutes(10), t0.AddMinutes(5), t0], runs.Select(r => r.StartedAt));
        Assert.Equal(reconciled, runs[2].Reconciliation);
        Assert.Equal(500, runs[2].BytesDeleted);
        Assert.Equal(TimeSpan.FromSeconds(30), runs[2].OldestOverdue);
        Assert.Equal(2, runs[1].Failures);

        // A reconciliation with failures did not complete: the last complete one is remembered.
        Assert.Equal(t0, await Storage.PurgeRuns.LastReconciledAtAsync(Ct));

        await Storage.PurgeRuns.AddAsync(new PurgeRun(t0.AddDays(31), TimeSpan.FromSeconds(1), 0, 0, 0, 0, null, null), Ct);
        Assert.Equal([t0.AddDays(31)], (await Storage.PurgeRuns.ListRecentAsync(10, Ct)).Select(r => r.StartedAt));
    }
}
