using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;
using Moq;

namespace Diagnostics.UnitTests;

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
        _f.Content.Setup(c => c.DeleteAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ReturnsAsync(60);
        var order = new List<string>();
        _f.Catalog.Setup(c => c.DeleteAsync("T-1", "S-1", It.IsAny<CancellationToken>())).Callback(() => order.Add("entity")).Returns(Task.CompletedTask);
        _f.Content.Setup(c => c.DeleteAsync("T-1", "S-1", It.IsAny<CancellationToken>())).Callback(() => order.Add("blob")).ReturnsAsync(60);

        var report = await _f.Purger.PurgeAsync(CancellationToken.None);

        Assert.Equal(1, report.SnapshotsDeleted);
        Assert.Equal(60, report.BytesDeleted);
        Assert.Equal(["entity", "blob"], order);
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
}
