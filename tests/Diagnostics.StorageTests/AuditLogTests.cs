using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;
using Diagnostics.Storage;

namespace Diagnostics.StorageTests;

public sealed class AuditLogTests : StorageTest
{
    [Fact]
    public async Task ListReturnsTheTicketsEntriesNewestFirst()
    {
        var entries = new[]
        {
            Entry("T-1", T0.AddMinutes(1), AuditAction.SnapshotRead),
            Entry("T-1", T0.AddMinutes(3), AuditAction.SnapshotMatched),
            Entry("T-2", T0.AddMinutes(2), AuditAction.SnapshotRead),
            Entry("T-1", T0, AuditAction.TicketOpened),
        };
        foreach (var entry in entries)
        {
            await Storage.Audit.AppendAsync(entry, Ct);
        }

        var listed = await Storage.Audit.ListAsync("T-1", 100, Ct);

        Assert.Equal([entries[1], entries[0], entries[3]], listed);
    }

    [Fact]
    public async Task ListWithoutATicketReturnsEveryTicketsEntriesNewestFirst()
    {
        var entries = new[]
        {
            Entry("T-1", T0.AddMinutes(1), AuditAction.SnapshotRead),
            Entry("T-2", T0.AddMinutes(4), AuditAction.SnapshotRead),
            Entry(TableAuditLog.SystemTicketId, T0.AddMinutes(2), AuditAction.Purged),
            Entry("T-3", T0.AddMinutes(3), AuditAction.TicketOpened),
            Entry("T-1", T0.AddMinutes(5), AuditAction.DataExported),
        };
        foreach (var entry in entries)
        {
            await Storage.Audit.AppendAsync(entry, Ct);
        }

        var listed = await Storage.Audit.ListAsync(null, 100, Ct);

        Assert.Equal(entries.OrderByDescending(e => e.At), listed);
    }

    [Fact]
    public async Task ListStopsAfterMaxKeepingTheNewest()
    {
        var entries = Enumerable.Range(0, 20)
            .Select(i => Entry($"T-{i % 4}", T0.AddSeconds(i * 7 % 20), AuditAction.SnapshotRead))
            .ToList();
        foreach (var entry in entries)
        {
            await Storage.Audit.AppendAsync(entry, Ct);
        }

        Assert.Equal(entries.OrderByDescending(e => e.At).Take(6), await Storage.Audit.ListAsync(null, 6, Ct));
        Assert.Equal(
            entries.Where(e => e.TicketId == "T-1").OrderByDescending(e => e.At).Take(2),
            await Storage.Audit.ListAsync("T-1", 2, Ct));
        Assert.Empty(await Storage.Audit.ListAsync(null, 0, Ct));
    }

    [Fact]
    public async Task EntriesAtTheSameInstantDoNotCollide()
    {
        for (var i = 0; i < 5; i++)
        {
            await Storage.Audit.AppendAsync(Entry("T-1", T0, AuditAction.SnapshotRead) with { Detail = $"n{i}" }, Ct);
        }

        var listed = await Storage.Audit.ListAsync("T-1", 100, Ct);

        Assert.Equal(["n0", "n1", "n2", "n3", "n4"], listed.Select(e => e.Detail).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EntriesRoundTripWithAndWithoutOptionalFields()
    {
        var full = new AuditEntry(T0, ActorKind.Agent, "alice@example.com", AuditAction.SnapshotRead, "T-1", "s-1", "ok", "filter=5xx");
        var bare = new AuditEntry(T0.AddTicks(-1), ActorKind.Customer, "customer", AuditAction.ConsentRevoked, "T-1", null, "ok");
        await Storage.Audit.AppendAsync(full, Ct);
        await Storage.Audit.AppendAsync(bare, Ct);

        Assert.Equal([full, bare], await Storage.Audit.ListAsync("T-1", 10, Ct));
    }

    [Fact]
    public async Task SystemEntriesAreListedUnderTheSystemPartition()
    {
        var purge = Entry(TableAuditLog.SystemTicketId, T0, AuditAction.Purged);
        await Storage.Audit.AppendAsync(purge, Ct);

        Assert.Equal([purge], await Storage.Audit.ListAsync(TableAuditLog.SystemTicketId, 10, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Audit.AppendAsync(purge with { TicketId = "a/b" }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Audit.ListAsync("~", 10, Ct));
    }

    [Fact]
    public async Task ListFiltersByActionAndTimeRangeWithinATicketAndAcrossTickets()
    {
        var entries = new[]
        {
            Entry("T-1", T0, AuditAction.SnapshotRead),
            Entry("T-1", T0.AddMinutes(1), AuditAction.SnapshotMatched),
            Entry("T-1", T0.AddMinutes(2), AuditAction.SnapshotRead),
            Entry("T-1", T0.AddMinutes(3), AuditAction.SnapshotRead),
            Entry("T-2", T0.AddMinutes(2).AddTicks(1), AuditAction.SnapshotRead),
            Entry("T-2", T0.AddMinutes(2).AddTicks(2), AuditAction.DataExported),
        };
        foreach (var entry in entries)
        {
            await Storage.Audit.AppendAsync(entry, Ct);
        }

        Assert.Equal([entries[3], entries[2], entries[0]],
            await Storage.Audit.ListAsync(new AuditQuery("T-1", 100) { Action = AuditAction.SnapshotRead }, Ct));
        // From is inclusive, To exclusive, to the tick.
        Assert.Equal([entries[2], entries[1]],
            await Storage.Audit.ListAsync(new AuditQuery("T-1", 100) { From = T0.AddMinutes(1), To = T0.AddMinutes(3) }, Ct));
        Assert.Equal([entries[5], entries[4], entries[2]],
            await Storage.Audit.ListAsync(new AuditQuery(null, 100) { From = T0.AddMinutes(2), To = T0.AddMinutes(3) }, Ct));
        Assert.Equal([entries[4], entries[2]],
            await Storage.Audit.ListAsync(new AuditQuery(null, 100) { Action = AuditAction.SnapshotRead, From = T0.AddMinutes(2), To = T0.AddMinutes(3) }, Ct));
        Assert.Empty(await Storage.Audit.ListAsync(new AuditQuery("T-1", 100) { Action = "snapshot.read' or 'a' eq 'a" }, Ct));
    }

    private static AuditEntry Entry(string ticketId, DateTimeOffset at, string action) =>
        new(at, ActorKind.Agent, "agent-1", action, ticketId, null, "ok");
}
