using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Diagnostics.Core.Operations;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Diagnostics.EndToEndTests;

/// <summary>
/// Bounded in count (64 pushes of 200 lines, 64 list-and-read rounds, one purge, one revocation) and in time (everything is
/// cancelled after 50 seconds), all at once over real HTTP on loopback.
/// </summary>
public sealed class LoadTests : IAsyncLifetime
{
    private const int Tickets = 8;
    private const int PushesPerTicket = 8;
    private const int LinesPerPush = 200;
    private const int ExpiredSnapshots = 20;
    private const string Revoked = "T-LOAD-3";

    private readonly LocalHostFixture _host = new();

    public Task InitializeAsync()
    {
        // The purge runs once, when the test says so.
        _host.Settings["Diagnostics:Retention:PurgeSchedule"] = "0 0 0 1 1 *";

        // The test clock runs an hour ahead of the emulator's blob timestamps: with the default grace of one hour, the
        // reconciliation that runs with the purge took a push's blob, written a moment before its entity, for an orphan.
        _host.Settings["Diagnostics:Retention:ReconcileGrace"] = "1.00:00:00";
        return _host.InitializeAsync();
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task ConcurrentPushesListsReadsPurgeAndRevocationLoseNothingLeaveNothingAndNeverFail()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var ct = bound.Token;
        var tokens = new Dictionary<string, string>();
        foreach (var ticketId in Enumerable.Range(0, Tickets).Select(TicketId).Append("T-OLD"))
        {
            tokens[ticketId] = await _host.OpenTicketAsync(ticketId);
            await _host.AcceptAsync(tokens[ticketId], "access");
        }

        for (var i = 0; i < ExpiredSnapshots; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await SendAsync(_host.Push("T-OLD", "access", Log(i, 5)), ct)).Status);
        }

        _host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var statuses = new ConcurrentBag<(string What, HttpStatusCode Status)>();
        var created = new ConcurrentBag<(string TicketId, string SnapshotId)>();
        var pushes = Enumerable.Range(0, Tickets * PushesPerTicket).Select(async i =>
        {
            var ticketId = TicketId(i % Tickets);
            var (status, body) = await SendAsync(_host.Push(ticketId, "access", Log(i, LinesPerPush)), ct);
            statuses.Add(("push", status));
            if (status == HttpStatusCode.Created)
            {
                created.Add((ticketId, JsonDocument.Parse(body).RootElement.GetProperty("snapshotId").GetString()!));
            }
        });
        var reads = Enumerable.Range(0, Tickets * PushesPerTicket).Select(async i =>
        {
            var ticketId = TicketId(i % Tickets);
            var (status, body) = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/{ticketId}/snapshots"), ct);
            statuses.Add(("list", status));
            if (status == HttpStatusCode.OK && JsonDocument.Parse(body).RootElement.GetProperty("snapshots").EnumerateArray().LastOrDefault() is
                { ValueKind: JsonValueKind.Object } listed)
            {
                var read = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/{ticketId}/snapshots/{listed.GetProperty("snapshotId").GetString()}"), ct);
                statuses.Add(("read", read.Status));
            }
        });
        var purge = Task.Run(async () =>
        {
            await Task.Delay(50, ct);
            return await _host.Services.GetRequiredService<SnapshotPurger>().PurgeAsync(ct);
        }, ct);
        var revoke = Task.Run(async () =>
        {
            await Task.Delay(100, ct);
            var (status, _) = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/consent/{tokens[Revoked]}"), ct);
            statuses.Add(("revoke", status));
        }, ct);

        await Task.WhenAll([.. pushes, .. reads, purge, revoke]);

        Assert.False(statuses.Any(s => (int)s.Status >= 500), string.Join("\n", _host.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Take(3)));
        Assert.All(statuses.Where(s => s.What == "push"), s => Assert.True(s.Status is HttpStatusCode.Created or HttpStatusCode.Forbidden, $"push answered {s.Status}"));
        Assert.All(statuses.Where(s => s.What is "list" or "read"), s => Assert.True(s.Status is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{s.What} answered {s.Status}"));
        Assert.Contains(("revoke", HttpStatusCode.OK), statuses);
        Assert.True((await purge).SnapshotsDeleted >= ExpiredSnapshots);
        Assert.True(created.Count(c => c.TicketId != Revoked) == (Tickets - 1) * PushesPerTicket, "a push to a ticket that was not revoked failed");

        // Every snapshot answered 201 is listed and readable, unless its ticket was revoked.
        foreach (var group in created.Where(c => c.TicketId != Revoked).GroupBy(c => c.TicketId))
        {
            var (status, body) = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/{group.Key}/snapshots"), ct);
            Assert.Equal(HttpStatusCode.OK, status);
            var listed = JsonDocument.Parse(body).RootElement.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("snapshotId").GetString()!).ToHashSet();
            Assert.Equal(group.Select(c => c.SnapshotId).ToHashSet(), listed);
            var read = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/{group.Key}/snapshots/{group.First().SnapshotId}"), ct);
            Assert.Equal(HttpStatusCode.OK, read.Status);
            Assert.Equal(LinesPerPush, read.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }

        // Nothing of the revoked ticket or of the purged snapshots is left, and nothing is orphaned.
        var storage = _host.Storage;
        var blobs = new HashSet<string>();
        string? continuation = null;
        do
        {
            var page = await storage.Content.ListPageAsync(continuation, 1000, ct);
            blobs.UnionWith(page.Items.Select(b => $"{b.TicketId}/{b.SnapshotId}"));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        var entities = new HashSet<string>();
        foreach (var ticketId in tokens.Keys)
        {
            entities.UnionWith((await storage.Snapshots.ListAsync(ticketId, ct)).Select(s => $"{s.TicketId}/{s.SnapshotId}"));
        }

        var indexed = (await storage.Expiry.ListFromAsync(DateTimeOffset.MinValue, null, 1000, ct)).Items
            .Where(r => r.Entry.Kind == ExpiryKind.Snapshot).Select(r => $"{r.Entry.TicketId}/{r.Entry.SnapshotId}").ToHashSet();
        var expected = created.Where(c => c.TicketId != Revoked).Select(c => $"{c.TicketId}/{c.SnapshotId}").ToHashSet();
        Assert.Equal(expected, entities);
        Assert.Equal(expected, blobs);
        Assert.Equal(expected, indexed);
        Assert.DoesNotContain("203.0.113.", await storage.DumpAsync(ct), StringComparison.Ordinal);
    }

    private static string TicketId(int i) => $"T-LOAD-{i}";

    private static string Log(int seed, int lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"203.0.113.{(seed + i) % 250 + 1} - - [26/Nov/2026:10:{i / 60 % 60:00}:{i % 60:00} +0000] \"GET /shop/item/{seed}/{i} HTTP/1.1\" {(i % 17 == 0 ? 500 : 200)} {100 + i} \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n");
        }

        return text.ToString();
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        using (var response = await _host.Http.SendAsync(request, ct))
        {
            return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
    }
}
