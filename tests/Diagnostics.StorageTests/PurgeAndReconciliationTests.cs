using System.Security.Cryptography;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;
using Diagnostics.Core.Storage;
using Diagnostics.Storage;
using Diagnostics.StorageTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Diagnostics.StorageTests;

/// <summary>The purge and reconciliation on Azurite, with leftovers fabricated directly through the stores.</summary>
public sealed class PurgeAndReconciliationTests : StorageTest
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private ServiceProvider? _core;

    private SnapshotPurger Purger => Core.GetRequiredService<SnapshotPurger>();

    private StorageReconciler Reconciler => Core.GetRequiredService<StorageReconciler>();

    private ServiceProvider Core => _core ??= BuildCore();

    [Fact]
    public async Task PurgeDeletesWhatExpiredInBatchesKeepsWhatLivesAndFinishesARunKilledHalfWay()
    {
        var now = _clock.GetUtcNow();
        var expired = new List<Snapshot>();
        for (var i = 0; i < 250; i++)
        {
            expired.Add(await StoreAsync(i < 150 ? "T-A" : "T-B", $"x{i:D3}", now.AddMinutes(-1 - i % 7)));
        }

        var live = new List<Snapshot>();
        for (var i = 0; i < 20; i++)
        {
            live.Add(await StoreAsync("T-A", $"l{i:D2}", now.AddHours(1)));
        }

        // A run killed half-way: some entities gone, some blobs gone, every index row still there.
        foreach (var snapshot in expired.Take(30))
        {
            await Storage.Snapshots.DeleteAsync(snapshot.TicketId, snapshot.SnapshotId, Ct);
        }

        foreach (var snapshot in expired.Skip(30).Take(30))
        {
            await Storage.Content.DeleteAsync(snapshot.TicketId, snapshot.SnapshotId, Ct);
        }

        var report = await Purger.PurgeAsync(Ct);

        Assert.Equal(250, report.SnapshotsDeleted);
        Assert.Equal(0, report.Failures);
        Assert.True(report.OldestOverdue >= TimeSpan.FromMinutes(7));
        Assert.Equal(live.Select(s => s.SnapshotId), (await Storage.Snapshots.ListAsync("T-A", Ct)).Select(s => s.SnapshotId));
        Assert.Empty(await Storage.Snapshots.ListAsync("T-B", Ct));
        Assert.Empty(await Storage.Expiry.ListDueAsync(now, 1000, Ct));
        Assert.Equal(live.Select(s => s.SnapshotId).Order(), (await ListBlobsAsync()).Select(b => b.SnapshotId).Order());

        _clock.Advance(TimeSpan.FromSeconds(1));
        var again = await Purger.PurgeAsync(Ct);
        Assert.Equal((0, 0L, 0), (again.SnapshotsDeleted, again.BytesDeleted, again.Failures));
        var runs = await Storage.PurgeRuns.ListRecentAsync(5, Ct);
        Assert.Equal([0, 250], runs.Select(r => r.SnapshotsDeleted));
    }

    [Fact]
    public async Task ReconciliationRemovesEveryKindOfLeftoverOnceSettledAndIsIdempotent()
    {
        var now = _clock.GetUtcNow();
        var liveSnapshot = await StoreAsync("T-live", "live", now.AddHours(1));
        await Storage.Tickets.TryCreateAsync(Consented("T-live", now), Ct);

        // A blob whose ingest died before its entity; an expired snapshot whose index row was lost; an index row whose
        // snapshot is gone; a ticket past retention that was never indexed.
        await WriteBlobAsync("T-dead", "orphan");
        await StoreAsync("T-lost", "expired", now.AddMinutes(-5), indexed: false);
        await Storage.Expiry.AddAsync(new ExpiryEntry(ExpiryKind.Snapshot, "T-gone", "gone", now.AddHours(2)), Ct);
        await Storage.Tickets.TryCreateAsync(NewTicket("T-abandoned") with { OpenedAt = now.AddDays(-46), Salt = [1, 2, 3] }, Ct);
        await Storage.Tickets.TryCreateAsync(NewTicket("T-young") with { OpenedAt = now.AddDays(-1), Salt = [1, 2, 3] }, Ct);

        // Leftovers younger than the grace may be an ingest in progress: left alone.
        await Task.Delay(Grace + TimeSpan.FromMilliseconds(500));
        _clock.SetUtcNow(DateTimeOffset.UtcNow > now ? DateTimeOffset.UtcNow : now);
        await WriteBlobAsync("T-busy", "uploading");
        await Storage.Expiry.AddAsync(new ExpiryEntry(ExpiryKind.Snapshot, "T-busy", "uploading", now.AddHours(1)), Ct);

        var report = await Reconciler.ReconcileAsync(Ct);

        Assert.Equal(new ReconciliationReport(1, report.OrphanBytesDeleted, 1, 1, 1, 0), report);
        Assert.True(report.OrphanBytesDeleted > 0);
        Assert.Equal(["T-busy/uploading", "T-live/live"], (await ListBlobsAsync()).Select(b => $"{b.TicketId}/{b.SnapshotId}").Order());
        Assert.Null(await Storage.Snapshots.GetAsync("T-lost", "expired", Ct));
        Assert.NotNull(await Storage.Snapshots.GetAsync("T-live", liveSnapshot.SnapshotId, Ct));
        var upcoming = (await Storage.Expiry.ListFromAsync(now, null, 100, Ct)).Items.Select(r => $"{r.Entry.TicketId}/{r.Entry.SnapshotId}").ToArray();
        Assert.Equal(["T-busy/uploading", "T-live/live"], upcoming.Order());
        Assert.Equal(TicketState.Erased, (await Storage.Tickets.GetAsync("T-abandoned", Ct))!.State);
        Assert.Null((await Storage.Tickets.GetAsync("T-abandoned", Ct))!.Salt);
        Assert.Equal(ErasureReason.Abandoned, Assert.Single(await Storage.Receipts.ListAsync("T-abandoned", Ct)).Reason);
        Assert.Equal(TicketState.Opened, (await Storage.Tickets.GetAsync("T-young", Ct))!.State);
        Assert.Equal(TicketState.Consented, (await Storage.Tickets.GetAsync("T-live", Ct))!.State);

        Assert.Equal(new ReconciliationReport(0, 0, 0, 0, 0, 0), await Reconciler.ReconcileAsync(Ct));
    }

    [Fact]
    public async Task APurgeRunReconcilesWhenTheIntervalHasPassedAndRecordsIt()
    {
        var now = _clock.GetUtcNow();
        await WriteBlobAsync("T-dead", "orphan");
        await Task.Delay(Grace + TimeSpan.FromMilliseconds(500));
        _clock.SetUtcNow(DateTimeOffset.UtcNow > now ? DateTimeOffset.UtcNow : now);

        var first = await Purger.PurgeAsync(Ct);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = await Purger.PurgeAsync(Ct);

        Assert.Equal(1, first.Reconciliation?.OrphanBlobsDeleted);
        Assert.Null(second.Reconciliation);
        Assert.Empty(await ListBlobsAsync());
        Assert.Equal(_clock.GetUtcNow().AddMinutes(-5), await Storage.PurgeRuns.LastReconciledAtAsync(Ct));
        var runs = await Storage.PurgeRuns.ListRecentAsync(5, Ct);
        Assert.Equal(2, runs.Count);
        Assert.Equal(1, runs[1].Reconciliation?.OrphanBlobsDeleted);
    }

    [Fact]
    public async Task RevocationRemovesTheIndexRowsOfTheSnapshotsItErases()
    {
        var now = _clock.GetUtcNow();
        await Storage.Tickets.TryCreateAsync(Consented("T-r", now), Ct);
        await StoreAsync("T-r", "a", now.AddHours(1));
        await StoreAsync("T-r", "b", now.AddHours(2));
        var ticket = await Storage.Tickets.GetAsync("T-r", Ct);

        var receipt = await Core.GetRequiredService<TicketEraser>().EraseAsync(ticket!, ErasureReason.Revoked, Actor.Customer, Ct);

        Assert.Equal(2, receipt.SnapshotsDeleted);
        Assert.Empty((await Storage.Expiry.ListFromAsync(now, null, 100, Ct)).Items);
        Assert.Empty(await ListBlobsAsync());
    }

    public override async Task DisposeAsync()
    {
        if (_core is not null)
        {
            await _core.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private ServiceProvider BuildCore()
    {
        var settings = Storage.Settings.Concat(new Dictionary<string, string?>
        {
            ["Diagnostics:Pseudonymization:KeyId"] = "k1",
            ["Diagnostics:Pseudonymization:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Diagnostics:Retention:Default"] = "01:00:00",
            ["Diagnostics:Retention:ReconcileInterval"] = "01:00:00",
            ["Diagnostics:Retention:ReconcileGrace"] = Grace.ToString(),
        });
        var services = AzuriteStorage.CreateServices(settings);
        services.AddDiagnosticsStorage();
        services.AddDiagnosticsCore();
        services.AddSingleton<TimeProvider>(_clock);
        return services.BuildServiceProvider();
    }

    private static Ticket Consented(string ticketId, DateTimeOffset now) => NewTicket(ticketId) with
    {
        OpenedAt = now.AddHours(-1),
        State = TicketState.Consented,
        Consent = new ConsentScope([Category.Access], ["www.example.org"], now.AddHours(-1), now.AddHours(23)),
        Salt = [1, 2, 3],
    };

    /// <summary>A snapshot as an ingest leaves it: index row, blob, entity.</summary>
    private async Task<Snapshot> StoreAsync(string ticketId, string snapshotId, DateTimeOffset expiresAt, bool indexed = true)
    {
        var snapshot = NewSnapshot(ticketId, snapshotId, expiresAt.AddHours(-1)) with { ExpiresAt = expiresAt };
        if (indexed)
        {
            await Storage.Expiry.AddAsync(new ExpiryEntry(ExpiryKind.Snapshot, ticketId, snapshotId, expiresAt), Ct);
        }

        await WriteBlobAsync(ticketId, snapshotId);
        await Storage.Snapshots.AddAsync(snapshot, Ct);
        return snapshot;
    }

    private async Task WriteBlobAsync(string ticketId, string snapshotId)
    {
        await using var stream = await Storage.Content.OpenWriteAsync(ticketId, snapshotId, Ct);
        await stream.WriteAsync(Gzip($"pseudonymized line of {snapshotId}\n"), Ct);
    }

    private async Task<List<StoredContent>> ListBlobsAsync()
    {
        var all = new List<StoredContent>();
        string? continuation = null;
        do
        {
            var page = await Storage.Content.ListPageAsync(continuation, 1000, Ct);
            all.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return all;
    }
}
