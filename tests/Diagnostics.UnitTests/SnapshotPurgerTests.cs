using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;
using Moq;

namespace Diagnostics.UnitTests;

[Collection(MeterCollection.Name)]
public sealed class SnapshotPurgerTests
{
    private readonly OperationsFixture _f = new();

    [Fact]
    public async Task DueSnapshotsAreDeletedEntityFirstAndTheirIndexRowsRemoved()
    {
        var due = new ExpiryEntry(ExpiryKind.Snapshot, "T-1", "S-1", _f.Clock.GetUtcNow().AddMinutes(-1));
        _f.Expiry.SetupSequence(e => e.ListDueAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([due]).ReturnsAsync([]);
        _f.Catalog.Setup(c => c.GetAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ReturnsAsync(_f.Snapshot("T-1", "S-1", due.DueAt));
        var order = new List<string>();
        _f.Catalog.Setup(c => c.DeleteManyAsync("T-1", It.Is<IReadOnlyCollection<string>>(ids => ids.SequenceEqual(new[] { "S-1" })), It.IsAny<CancellationToken>()))
            .Callback(() => order.Add("entity")).Returns(Task.CompletedTask);
        _f.Content.Setup(c => c.DeleteAsync("T-1", "S-1", It.IsAny<CancellationToken>())).Callback(() => order.Add("blob")).ReturnsAsync(true);

        var report = await _f.Purger.PurgeAsync(CancellationToken.None);

        Assert.Equal(1, report.SnapshotsDeleted);
        Assert.Equal(60, report.BytesDeleted);
        Assert.Equal(["entity", "blob"], order);

        // The entity told the blob's size: one request for the blob, not a read of its properties first.
        _f.Content.Verify(c => c.DeleteMeasuredAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        _f.Expiry.Verify(e => e.RemoveAsync(It.Is<IReadOnlyCollection<ExpiryEntry>>(r => r.Contains(due)), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task AFailedDeletionKeepsItsIndexRowForTheNextRun()
    {
        var due = new ExpiryEntry(ExpiryKind.Snapshot, "T-1", "S-1", _f.Clock.GetUtcNow().AddMinutes(-1));
        _f.Expiry.Setup(e => e.ListDueAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([due]);
        _f.Catalog.Setup(c => c.GetAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("storage down"));

        var report = await _f.Purger.PurgeAsync(CancellationToken.None);

        Assert.Equal(1, report.Failures);
        _f.Expiry.Verify(e => e.RemoveAsync(It.Is<IReadOnlyCollection<ExpiryEntry>>(r => r.Contains(due)), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ATicketPastItsRetentionIsErasedWithAReceipt()
    {
        var ticket = _f.Consented("T-1", "access");
        _f.Holds(ticket);
        _f.Tickets.Setup(t => t.TryReplaceAsync(It.IsAny<Ticket>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _f.Catalog.Setup(c => c.DeleteAllAsync("T-1", It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _f.Content.Setup(c => c.DeleteAllAsync("T-1", It.IsAny<CancellationToken>())).ReturnsAsync((0, 0L));
        _f.Clock.Advance(TimeSpan.FromHours(25));
        var due = new ExpiryEntry(ExpiryKind.Ticket, "T-1", null, _f.Clock.GetUtcNow().AddMinutes(-1));
        _f.Expiry.SetupSequence(e => e.ListDueAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([due]).ReturnsAsync([]);

        var report = await _f.Purger.PurgeAsync(CancellationToken.None);

        Assert.Equal(1, report.TicketsErased);
        _f.Tickets.Verify(t => t.TryReplaceAsync(It.Is<Ticket>(x => x.State == TicketState.Erased && x.Salt == null && x.CustomerId == null), It.IsAny<CancellationToken>()));
        _f.Receipts.Verify(r => r.AddAsync(It.Is<DeletionReceipt>(x => x.TicketId == "T-1" && x.Reason == ErasureReason.Expired), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task ATicketStillWithinRetentionIsKept()
    {
        _f.Holds(_f.Consented("T-1", "access"));
        var due = new ExpiryEntry(ExpiryKind.Ticket, "T-1", null, _f.Clock.GetUtcNow().AddMinutes(-1));
        _f.Expiry.SetupSequence(e => e.ListDueAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([due]).ReturnsAsync([]);

        var report = await _f.Purger.PurgeAsync(CancellationToken.None);

        Assert.Equal(0, report.TicketsErased);
        _f.Tickets.Verify(t => t.TryReplaceAsync(It.IsAny<Ticket>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task EntitiesOfOneTicketGoInOneBatchAndBlobsWithoutEntityAreMeasuredAndEveryRunIsRecorded()
    {
        var now = _f.Clock.GetUtcNow();
        var due = Enumerable.Range(0, 150).Select(i => new ExpiryEntry(ExpiryKind.Snapshot, i < 120 ? "T-1" : "T-2", $"S-{i}", now.AddSeconds(-i - 1))).ToArray();
        _f.Expiry.SetupSequence(e => e.ListDueAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(due).ReturnsAsync([]);
        _f.Content.Setup(c => c.DeleteMeasuredAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(10);
        var batches = new List<(string Ticket, int Count)>();
        _f.Catalog.Setup(c => c.DeleteManyAsync(It.IsAny<string>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .Callback((string ticket, IReadOnlyCollection<string> ids, CancellationToken _) => { lock (batches) { batches.Add((ticket, ids.Count)); } })
            .Returns(Task.CompletedTask);

        var report = await _f.Purger.PurgeAsync(CancellationToken.None);

        Assert.Equal(150, report.SnapshotsDeleted);
        Assert.Equal(1500, report.BytesDeleted);
        Assert.Equal([("T-1", 120), ("T-2", 30)], batches.OrderBy(b => b.Ticket));
        _f.Expiry.Verify(e => e.RemoveAsync(It.Is<IReadOnlyCollection<ExpiryEntry>>(r => r.Count == 150), It.IsAny<CancellationToken>()));
        _f.Runs.Verify(r => r.AddAsync(It.Is<PurgeRun>(run => run.SnapshotsDeleted == 150 && run.BytesDeleted == 1500 && run.Failures == 0 &&
            run.OldestOverdue == TimeSpan.FromSeconds(150) && run.Reconciliation == null), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task AnIndexRowDueBeforeItsSnapshotIsMovedToTheSnapshotsExpiryNotDropped()
    {
        var now = _f.Clock.GetUtcNow();
        var early = new ExpiryEntry(ExpiryKind.Snapshot, "T-1", "S-1", now.AddMinutes(-1));
        _f.Expiry.SetupSequence(e => e.ListDueAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([early]).ReturnsAsync([]);
        _f.Catalog.Setup(c => c.GetAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ReturnsAsync(_f.Snapshot("T-1", "S-1", now.AddHours(1)));

        var report = await _f.Purger.PurgeAsync(CancellationToken.None);

        Assert.Equal(0, report.SnapshotsDeleted);
        var moved = early with { DueAt = now.AddHours(1) };
        _f.Expiry.Verify(e => e.AddAsync(moved, It.IsAny<CancellationToken>()));
        _f.Catalog.Verify(c => c.DeleteManyAsync(It.IsAny<string>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()), Times.Never);
        _f.Content.Verify(c => c.DeleteAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ARunReconcilesOnceTheIntervalHasPassedAndNotBefore()
    {
        _f.Retention.ReconcileInterval = TimeSpan.FromHours(6);
        _f.Expiry.Setup(e => e.ListDueAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _f.Expiry.Setup(e => e.ListFromAsync(It.IsAny<DateTimeOffset>(), It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoragePage<IndexedExpiry>([], null));
        _f.Content.Setup(c => c.ListPageAsync(It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoragePage<StoredContent>([], null));
        _f.Tickets.Setup(t => t.ListUnerasedAsync(It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoragePage<Ticket>([], null));
        var last = _f.Clock.GetUtcNow().AddHours(-5);
        _f.Runs.Setup(r => r.LastReconciledAtAsync(It.IsAny<CancellationToken>())).ReturnsAsync(() => last);

        Assert.Null((await _f.Purger.PurgeAsync(CancellationToken.None)).Reconciliation);
        _f.Clock.Advance(TimeSpan.FromHours(1));
        var report = await _f.Purger.PurgeAsync(CancellationToken.None);

        Assert.Equal(new ReconciliationReport(0, 0, 0, 0, 0, 0), report.Reconciliation);
        _f.Content.Verify(c => c.ListPageAsync(null, It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Once);
        _f.Runs.Verify(r => r.AddAsync(It.Is<PurgeRun>(run => run.Reconciliation != null), It.IsAny<CancellationToken>()), Times.Once);
    }
}
