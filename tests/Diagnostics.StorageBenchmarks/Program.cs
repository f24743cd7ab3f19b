using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Diagnostics.Api.Security;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;
using Diagnostics.Core.Storage;
using Diagnostics.LocalHost;
using Diagnostics.StorageBenchmarks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Benchmarks against the storage emulator, each printing its figure on the last line. Not timed tests: figures to read.
var command = args.FirstOrDefault();
var storage = Option("--storage") ?? Environment.GetEnvironmentVariable("DIAGNOSTICS_TEST_STORAGE") ?? "UseDevelopmentStorage=true";
switch (command)
{
    case "purge":
        await PurgeRatioAsync(Int("--expired", 1_000), Int("--live", 50_000), Int("--runs", 5));
        return 0;
    case "list":
        await ListRatioAsync(Int("--snapshots", 100), Int("--others", 50_000), Int("--requests", 200));
        return 0;
    case "ingest-memory":
        await IngestMemoryAsync(Int("--small-mb", 20), Int("--large-mb", 200));
        return 0;
    case "azurite-scaling":
        await AzuriteScaling.RunAsync(storage, [.. (Option("--stored") ?? "0,10000,50000").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))], Int("--samples", 100));
        return 0;
    default:
        Console.Error.WriteLine("usage: Diagnostics.StorageBenchmarks purge|list|ingest-memory|azurite-scaling [--storage CONNECTION_STRING] [options]");
        Console.Error.WriteLine("  purge          [--expired 1000] [--live 50000] [--runs 5]");
        Console.Error.WriteLine("  list           [--snapshots 100] [--others 50000] [--requests 200]");
        Console.Error.WriteLine("  ingest-memory  [--small-mb 20] [--large-mb 200]");
        Console.Error.WriteLine("  azurite-scaling [--stored 0,10000,50000] [--samples 100]");
        return 2;
}

// Purging N expired snapshots, with nothing else stored and with M live snapshots stored.
async Task PurgeRatioAsync(int expired, int live, int runs)
{
    var alone = await TimePurgesAsync(expired, 0, runs);
    var among = await TimePurgesAsync(expired, live, runs);
    Console.WriteLine(Invariant($"purge of {expired} expired: {alone.Time.TotalMilliseconds:F0} ms and {alone.Requests} storage requests with nothing else stored, {among.Time.TotalMilliseconds:F0} ms and {among.Requests} requests with {live} live (median of {runs})"));
    Console.WriteLine(Invariant($"purge cost ratio ({live} live / none): storage requests {among.Requests / (double)alone.Requests:F2}, time {among.Time / alone.Time:F2}"));
}

async Task<(TimeSpan Time, long Requests)> TimePurgesAsync(int expired, int live, int runs)
{
    await using var bench = new BenchmarkStorage(storage);
    var counter = bench.Services.GetRequiredService<RequestCounter>();
    await bench.CreateAsync();
    var now = DateTimeOffset.UtcNow;
    var seeding = Stopwatch.StartNew();
    if (live > 0)
    {
        await bench.SeedSnapshotsAsync([.. Enumerable.Range(0, live).Select(i =>
            BenchmarkStorage.NewSnapshot($"T-L{i / 100:D5}", $"l{i:D6}", now.AddDays(1).AddSeconds(i)))]);
    }

    Console.WriteLine(Invariant($"seeded {live} live snapshots in {seeding.Elapsed.TotalSeconds:F1} s"));

    // Reconciled just now: the runs measure the purge, not the (rare, whole-storage) reconciliation.
    await bench.Services.GetRequiredService<IPurgeRunLog>().AddAsync(
        new PurgeRun(now, TimeSpan.Zero, 0, 0, 0, 0, null, new ReconciliationReport(0, 0, 0, 0, 0, 0)), CancellationToken.None);
    var purger = bench.Services.GetRequiredService<SnapshotPurger>();
    var times = new List<TimeSpan>();
    var requests = new List<long>();

    // Run 0 warms up (JIT, connections) and is not counted.
    for (var run = 0; run <= runs; run++)
    {
        var due = DateTimeOffset.UtcNow.AddHours(-1);
        await bench.SeedSnapshotsAsync([.. Enumerable.Range(0, expired).Select(i =>
            BenchmarkStorage.NewSnapshot($"T-X{run}-{i / 100:D3}", $"x{i:D6}", due.AddSeconds(i * 2)))]);
        var before = counter.Count;
        var timer = Stopwatch.StartNew();
        var report = await purger.PurgeAsync(CancellationToken.None);
        timer.Stop();
        var made = counter.Count - before;
        if (report.SnapshotsDeleted != expired || report.Failures != 0)
        {
            throw new InvalidOperationException($"The purge deleted {report.SnapshotsDeleted} of {expired} with {report.Failures} failures.");
        }

        Console.WriteLine(Invariant($"  {live} live: purge {run} deleted {report.SnapshotsDeleted} in {timer.Elapsed.TotalMilliseconds:F0} ms with {made} storage requests{(run == 0 ? " (warm-up)" : "")}"));
        if (run > 0)
        {
            times.Add(timer.Elapsed);
            requests.Add(made);
        }
    }

    return (Median(times), requests.Order().ElementAt(requests.Count / 2));
}

// Listing one ticket's snapshots over HTTP (the whole operation: ticket, partition query, audit), alone and among others.
async Task ListRatioAsync(int snapshots, int others, int requests)
{
    var alone = await TimeListsAsync(snapshots, 0, requests);
    var among = await TimeListsAsync(snapshots, others, requests);
    Console.WriteLine(Invariant($"list of {snapshots} snapshots: {alone.Time.TotalMilliseconds:F2} ms and {alone.Requests} storage requests alone, {among.Time.TotalMilliseconds:F2} ms and {among.Requests} requests among {others} other tickets (median of {requests})"));
    Console.WriteLine(Invariant($"list cost ratio ({others} other tickets / none): storage requests {among.Requests / (double)alone.Requests:F2}, time {among.Time / alone.Time:F2}"));
}

async Task<(TimeSpan Time, double Requests)> TimeListsAsync(int snapshots, int others, int requests)
{
    await using var bench = new BenchmarkStorage(storage);
    await bench.CreateAsync();
    var now = DateTimeOffset.UtcNow;
    var seeding = Stopwatch.StartNew();
    await bench.SeedTicketsAsync([.. Enumerable.Range(0, others).Select(i => Consented($"T-O{i:D6}", now)).Append(Consented("T-BENCH", now))]);
    await bench.SeedSnapshotsAsync([.. Enumerable.Range(0, snapshots).Select(i => BenchmarkStorage.NewSnapshot("T-BENCH", $"s{i:D4}", now.AddDays(1)))]);
    await bench.SeedSnapshotsAsync([.. Enumerable.Range(0, others).Select(i => BenchmarkStorage.NewSnapshot($"T-O{i:D6}", $"o{i:D6}", now.AddDays(1)))], withBlobs: false);
    Console.WriteLine(Invariant($"seeded {others} other tickets in {seeding.Elapsed.TotalSeconds:F1} s"));

    await using var host = await StartHostAsync(bench);
    using var http = new HttpClient { BaseAddress = new Uri(host.Urls.First()) };
    var principal = ClientPrincipal.Create("bench", Roles.Agent).Encode();
    var counter = host.Services.GetRequiredService<RequestCounter>();
    var times = new List<TimeSpan>();
    long counted = 0;
    for (var i = -20; i < requests; i++)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tickets/T-BENCH/snapshots");
        request.Headers.Add(ClientPrincipal.HeaderName, principal);
        var before = counter.Count;
        var timer = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        timer.Stop();
        if (i >= 0)
        {
            counted += counter.Count - before;
        }

        if (JsonDocument.Parse(body).RootElement.GetProperty("snapshots").GetArrayLength() != snapshots)
        {
            throw new InvalidOperationException($"The list answered {response.StatusCode} without the {snapshots} snapshots.");
        }

        if (i >= 0)
        {
            times.Add(timer.Elapsed);
        }
    }

    await host.StopAsync();
    Console.WriteLine(Invariant($"  {others} other tickets: median {Median(times).TotalMilliseconds:F2} ms, {counted / (double)requests:F2} storage requests per list"));
    return (Median(times), counted / (double)requests);
}

// Peak memory of the process (host and client) while one upload of each size streams through ingestion.
async Task IngestMemoryAsync(int smallMb, int largeMb)
{
    await using var bench = new BenchmarkStorage(storage);
    await bench.CreateAsync();
    await using var host = await StartHostAsync(bench);
    using var http = new HttpClient { BaseAddress = new Uri(host.Urls.First()), Timeout = TimeSpan.FromMinutes(10) };
    using (var open = new HttpRequestMessage(HttpMethod.Post, "/api/tickets/T-MEM/opened") { Content = JsonContent.Create(new { customerId = "c1", sites = new[] { "shop.example" } }) })
    {
        open.Headers.Add("x-functions-key", FunctionKey);
        using var opened = await http.SendAsync(open);
        var token = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("consentToken").GetString();
        using var accepted = await http.PostAsJsonAsync($"/api/consent/{token}", new { decision = "accept", categories = new[] { "access" } });
        accepted.EnsureSuccessStatusCode();
    }

    var small = await PeakWhileIngestingAsync(http, smallMb);
    var large = await PeakWhileIngestingAsync(http, largeMb);
    await host.StopAsync();
    Console.WriteLine(Invariant($"ingest peak memory: {large.WorkingSet / 1048576.0:F0} MiB working set ({large.Heap / 1048576.0:F0} MiB managed heap) for {largeMb} MB, {small.WorkingSet / 1048576.0:F0} MiB ({small.Heap / 1048576.0:F0} MiB) for {smallMb} MB; ratio {large.WorkingSet / (double)small.WorkingSet:F2}"));
}

async Task<(long WorkingSet, long Heap)> PeakWhileIngestingAsync(HttpClient http, int megabytes)
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    long peakSet = 0, peakHeap = 0;
    using var done = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!done.IsCancellationRequested)
        {
            peakSet = Math.Max(peakSet, Environment.WorkingSet);
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
            await Task.Delay(10);
        }
    });
    var timer = Stopwatch.StartNew();
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets/T-MEM/snapshots?category=access&source=bench") { Content = new GeneratedLog(megabytes * 1_000_000L) };
    request.Headers.Add("x-functions-key", FunctionKey);
    using var response = await http.SendAsync(request);
    var body = await response.Content.ReadAsStringAsync();
    timer.Stop();
    await done.CancelAsync();
    await sampler;
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"The {megabytes} MB push answered {response.StatusCode}: {body}");
    }

    var lines = JsonDocument.Parse(body).RootElement.GetProperty("lines").GetInt64();
    Console.WriteLine(Invariant($"  {megabytes} MB ({lines} lines) in {timer.Elapsed.TotalSeconds:F1} s: peak working set {peakSet / 1048576.0:F0} MiB, peak managed heap {peakHeap / 1048576.0:F0} MiB"));
    return (peakSet, peakHeap);
}

async Task<WebApplication> StartHostAsync(BenchmarkStorage bench)
{
    var app = LocalHostApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"], builder =>
    {
        builder.Configuration.AddInMemoryCollection(bench.Settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Diagnostics:LocalHost:FunctionKey"] = FunctionKey,
            ["Diagnostics:Auth:DevelopmentSignIn"] = "true",
            ["Diagnostics:Retention:PurgeSchedule"] = "0 0 0 1 1 *",
        });
        builder.Logging.ClearProviders();
        RequestCounter.AddTo(builder.Services);
    });
    await app.StartAsync();
    return app;
}

static Ticket Consented(string ticketId, DateTimeOffset now) => new()
{
    TicketId = ticketId,
    CustomerId = "c1",
    Sites = ["shop.example"],
    OpenedAt = now.AddHours(-1),
    State = TicketState.Consented,
    Consent = new ConsentScope([Category.Access], ["shop.example"], now.AddHours(-1), now.AddDays(1)),
    KeyId = "bench",
    Salt = new byte[16],
};

static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

int Int(string name, int fallback) => Option(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

internal static partial class Program
{
    private const string FunctionKey = "benchmark-function-key-0123456789";
}

/// <summary>An access log of the given size, generated while it is sent: the client holds one line at a time.</summary>
internal sealed class GeneratedLog : HttpContent
{
    private readonly long _bytes;

    public GeneratedLog(long bytes)
    {
        _bytes = bytes;
        Headers.ContentType = new MediaTypeHeaderValue("text/plain");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        long sent = 0;
        for (var i = 0; sent < _bytes; i++)
        {
            var line = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"203.0.{i / 250 % 250}.{i % 250 + 1} - - [26/Nov/2026:10:{i / 60 % 60:00}:{i % 60:00} +0000] \"GET /shop/item/{i % 9973} HTTP/1.1\" {(i % 19 == 0 ? 500 : 200)} {i % 4096} \"https://shop.example/\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n"));
            var take = (int)Math.Min(line.Length, _bytes - sent);
            if (filled + take > buffer.Length)
            {
                await stream.WriteAsync(buffer.AsMemory(0, filled));
                filled = 0;
            }

            line.AsSpan(0, take).CopyTo(buffer.AsSpan(filled));
            filled += take;
            sent += take;
        }

        await stream.WriteAsync(buffer.AsMemory(0, filled));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes;
        return true;
    }
}
