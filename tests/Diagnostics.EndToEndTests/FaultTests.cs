using System.Net;
using System.Text;
using System.Text.Json;
using Diagnostics.Api.Security;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;
using Diagnostics.Core.Storage;
using Diagnostics.StorageTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Diagnostics.EndToEndTests;

/// <summary>
/// The real emulator killed (SIGKILL) under the local host and started again on the same data: storage unavailable is a 503
/// with Retry-After, never a 500; no half-written snapshot is ever listed or served; the next purge finishes the job.
/// </summary>
public sealed class FaultTests : IAsyncLifetime
{
    private OwnAzurite? _azurite;
    private LocalHostFixture? _host;

    public async Task InitializeAsync()
    {
        _azurite = await OwnAzurite.StartNewAsync();
        _host = new LocalHostFixture(new AzuriteStorage(_azurite.ConnectionString));
        _host.Settings["Diagnostics:Retention:PurgeSchedule"] = "0 0 0 1 1 *";
        _host.Settings["Diagnostics:Storage:MaxRetries"] = "1";
        _host.Settings["Diagnostics:Storage:RetryDelay"] = "00:00:00.100";
        _host.Settings["Diagnostics:Storage:NetworkTimeout"] = "00:00:05";
        await _host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_azurite is null)
        {
            return;
        }

        // The host removes its tables on the way out: the emulator must be up for that.
        await _azurite.StartAsync();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }

    private OwnAzurite Azurite => _azurite!;

    private LocalHostFixture Host => _host!;

    [Fact]
    public async Task WithStorageDownEveryRouteFamilyAnswers503WithRetryAfterAndProblemDetails()
    {
        var token = await Host.OpenTicketAsync("T-F1");
        await Host.AcceptAsync(token, "access");
        using var pushed = await Host.Http.SendAsync(Host.Push("T-F1", "access", "GET / 200\n"));
        var snapshotId = JsonDocument.Parse(await pushed.Content.ReadAsStringAsync()).RootElement.GetProperty("snapshotId").GetString();

        Azurite.Kill();

        var requests = new Func<HttpRequestMessage>[]
        {
            () => Host.Ticketing(HttpMethod.Post, "/api/tickets/T-F2/opened", new { customerId = "c1", sites = new[] { "a.example" } }),
            () => Host.Ticketing(HttpMethod.Post, "/api/tickets/T-F1/closed"),
            () => Host.Push("T-F1", "access", "GET / 200\n"),
            () => LocalHostFixture.AsAgent(HttpMethod.Get, "/api/tickets/T-F1/snapshots"),
            () => LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-F1/snapshots/{snapshotId}"),
            () => new HttpRequestMessage(HttpMethod.Get, $"/api/consent/{token}"),
            () => new HttpRequestMessage(HttpMethod.Post, $"/api/consent/{token}") { Content = new StringContent("""{"decision":"decline"}""", Encoding.UTF8, "application/json") },
            () => new HttpRequestMessage(HttpMethod.Delete, $"/api/consent/{token}"),
            () => new HttpRequestMessage(HttpMethod.Get, $"/api/consent/{token}/data"),
            () => LocalHostFixture.AsAgent(HttpMethod.Get, "/api/admin/retention", Roles.Auditor),
            () => LocalHostFixture.AsAgent(HttpMethod.Get, "/api/admin/audit", Roles.Auditor),
        };
        foreach (var build in requests)
        {
            using var request = build();
            var what = $"{request.Method} {request.RequestUri}";
            using var response = await Host.Http.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what} answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal(503, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        }

        // Pages without storage keep working; once storage is back, so does everything else.
        using (var console = await Host.Http.SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, "/api/agent")))
        {
            Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        }

        await Azurite.StartAsync();
        // A connection pooled before the restart may fail once; that is a 503, and the caller's retry must succeed.
        var after = await Host.Http.SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, "/api/tickets/T-F1/snapshots"));
        if (after.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            after.Dispose();
            after = await Host.Http.SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, "/api/tickets/T-F1/snapshots"));
        }

        using var _ = after;
        Assert.True(after.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound,
            $"after the restart the list answered {after.StatusCode}: {Host.Logs.Lines.LastOrDefault(l => l.StartsWith("Error", StringComparison.Ordinal))}");
        Assert.DoesNotContain(Host.Logs.Lines, line => line.StartsWith("Error Diagnostics.Api", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KillingStorageDuringAStreamingIngestLeavesNothingListedOrServedAndThePurgeRemovesTheLeftovers()
    {
        var token = await Host.OpenTicketAsync("T-F3");
        await Host.AcceptAsync(token, "access");
        await Task.Delay(OwnAzurite.PersistInterval);

        using var request = Host.Push("T-F3", "access", "");
        var streaming = new SlowLogContent(chunks: 1200, delay: TimeSpan.FromMilliseconds(5));
        streaming.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        request.Content = streaming;
        var push = Host.Http.SendAsync(request);

        // Long enough for the ingest's index row and first blocks to reach the emulator's disk.
        await streaming.Sent.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(OwnAzurite.PersistInterval);
        Azurite.Kill();

        try
        {
            using var response = await push;
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"the push answered {(int)response.StatusCode}");
            Assert.NotNull(response.Headers.RetryAfter);
        }
        catch (HttpRequestException)
        {
            // The host answered 503 while the body was still coming and closed the connection: the client saw that instead.
        }

        await Azurite.StartAsync();
        Assert.Empty(await ListAsync("T-F3"));
        Assert.Empty(await Host.Storage.Snapshots.ListAsync("T-F3", CancellationToken.None));
        Assert.Empty(await BlobsAsync());

        // Nothing is served past expiry, and the next purge removes the index row the dead ingest left.
        Assert.Contains((await Host.Storage.Expiry.ListFromAsync(DateTimeOffset.MinValue, null, 100, CancellationToken.None)).Items,
            r => r.Entry is { Kind: ExpiryKind.Snapshot, TicketId: "T-F3" });
        Host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var report = await Host.Services.GetRequiredService<SnapshotPurger>().PurgeAsync(CancellationToken.None);
        Assert.Equal(0, report.Failures);
        Assert.Empty(await Host.Storage.Expiry.ListDueAsync(Host.Clock.GetUtcNow(), 100, CancellationToken.None));
        Assert.DoesNotContain((await Host.Storage.Expiry.ListFromAsync(DateTimeOffset.MinValue, null, 100, CancellationToken.None)).Items,
            r => r.Entry.Kind == ExpiryKind.Snapshot);
        Assert.Empty(await BlobsAsync());
    }

    [Fact]
    public async Task KillingStorageDuringAPurgeIsFinishedByTheNextPurge()
    {
        var now = Host.Clock.GetUtcNow();
        var storage = Host.Storage;
        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var ticketId = $"T-P{i % 4}";
            var snapshotId = $"s{i:D4}";
            var expiresAt = now.AddMinutes(30);
            await storage.Expiry.AddAsync(new ExpiryEntry(ExpiryKind.Snapshot, ticketId, snapshotId, expiresAt), ct);
            await using (var blob = await storage.Content.OpenWriteAsync(ticketId, snapshotId, ct))
            {
                await blob.WriteAsync(Encoding.UTF8.GetBytes(new string('x', 2000)), ct);
            }

            await storage.Snapshots.AddAsync(new Snapshot
            {
                TicketId = ticketId, SnapshotId = snapshotId, Category = Category.Access, Source = "web-1", CapturedAt = now.AddMinutes(-30),
                ExpiresAt = expiresAt, Bytes = 2000, StoredBytes = 2000, Lines = 1, ContentType = "text/plain",
            }, ct);
        });
        await Task.Delay(OwnAzurite.PersistInterval);
        Host.Clock.Advance(TimeSpan.FromHours(1));
        var purger = Host.Services.GetRequiredService<SnapshotPurger>();

        var first = purger.PurgeAsync(CancellationToken.None);
        await Task.Delay(300);
        Azurite.Kill();
        try
        {
            var interrupted = await first.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(interrupted.Failures > 0 || interrupted.SnapshotsDeleted == 400);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            // Removing the index rows of what it had deleted failed: those rows lead the next run to finish the job.
        }

        await Azurite.StartAsync();
        var next = await purger.PurgeAsync(CancellationToken.None);

        Assert.Equal(0, next.Failures);
        for (var t = 0; t < 4; t++)
        {
            Assert.Empty(await storage.Snapshots.ListAsync($"T-P{t}", CancellationToken.None));
        }

        Assert.Empty(await BlobsAsync());
        Assert.Empty(await storage.Expiry.ListDueAsync(Host.Clock.GetUtcNow(), 1000, CancellationToken.None));
    }

    private async Task<IReadOnlyList<JsonElement>> ListAsync(string ticketId)
    {
        using var response = await Host.Http.SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/{ticketId}/snapshots"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("snapshots").EnumerateArray()];
    }

    private async Task<IReadOnlyList<StoredContent>> BlobsAsync() =>
        (await Host.Storage.Content.ListPageAsync(null, 5000, CancellationToken.None)).Items;

    /// <summary>A log sent slowly, 16 KiB at a time, like a collector on a slow link.</summary>
    private sealed class SlowLogContent(int chunks, TimeSpan delay) : HttpContent
    {
        private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes once a tenth of the body is on its way.</summary>
        public Task Sent => _sent.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var line = Encoding.UTF8.GetBytes("203.0.113.9 - - [26/Nov/2026:10:00:00 +0000] \"GET /slow HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"\n");
            var chunk = new byte[16 * 1024 / line.Length * line.Length];
            for (var offset = 0; offset < chunk.Length; offset += line.Length)
            {
                line.CopyTo(chunk, offset);
            }

            for (var i = 0; i < chunks; i++)
            {
                await stream.WriteAsync(chunk);
                if (i == chunks / 10)
                {
                    _sent.TrySetResult();
                }

                await Task.Delay(delay);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
