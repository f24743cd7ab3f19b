using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Diagnostics.Storage;

namespace Diagnostics.StorageBenchmarks;

/// <summary>
/// Times one kind of single request at a time (sequentially, so each figure is the emulator's cost of that request alone)
/// with more and more unrelated items stored: blobs of other tickets in the same container, entities of other partitions in
/// the same table. The request count per operation is the same at every size; only the emulator's answer time can change.
/// </summary>
internal static class AzuriteScaling
{
    private const int PartitionSize = 100;

    public static async Task RunAsync(string storage, IReadOnlyList<int> counts, int samples)
    {
        await using var bench = new BenchmarkStorage(storage);
        await bench.CreateAsync();
        var table = bench.Table(TableSnapshotCatalog.TableSuffix);
        var container = bench.Container;
        var content = BinaryData.FromBytes(BenchmarkStorage.GzipLine());
        var figures = new List<(int Stored, Dictionary<string, double> Medians)>();
        var stored = 0;

        // Warms up the JIT, the connections and the emulator, so that the first figure is not the slowest for that reason.
        await MeasureAsync(table, container, content, -1, 20);
        foreach (var count in counts.Order())
        {
            var seeding = Stopwatch.StartNew();
            await SeedUnrelatedAsync(bench, table, content, stored, count);
            stored = count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stored} unrelated blobs and entities stored (seeded in {seeding.Elapsed.TotalSeconds:F1} s)"));
            var medians = await MeasureAsync(table, container, content, stored, samples);
            foreach (var (kind, ms) in medians)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-22} {ms,8:F2} ms"));
            }

            figures.Add((stored, medians));
        }

        var baseline = figures[0];
        foreach (var (count, medians) in figures.Skip(1))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"per-request time with {count} vs {baseline.Stored} unrelated stored (same one request each): {string.Join(", ", medians.Select(m => $"{m.Key} {m.Value / baseline.Medians[m.Key]:F2}"))}"));
        }
    }

    private static async Task SeedUnrelatedAsync(BenchmarkStorage bench, TableClient table, BinaryData content, int from, int to)
    {
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
            await bench.Container.UploadBlobAsync($"T-U{i / PartitionSize:D5}/u{i:D6}.gz", content, ct));
        await BenchmarkStorage.SubmitAsync(table, Enumerable.Range(from, to - from).Select(i =>
            new TableEntity($"T-U{i / PartitionSize:D5}", $"u{i:D6}") { ["StoredBytes"] = 64L, ["Source"] = "web-1" }));
    }

    /// <summary>The median time of each kind of request, each sent alone, over fresh targets that are removed afterwards.</summary>
    private static async Task<Dictionary<string, double>> MeasureAsync(TableClient table, BlobContainerClient container, BinaryData content, int stored, int samples)
    {
        var run = stored < 0 ? "T-W" : $"T-M{stored:D6}";
        var blobs = Enumerable.Range(0, samples).Select(i => container.GetBlobClient($"{run}/m{i:D6}.gz")).ToArray();
        await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (blob, ct) => await blob.UploadAsync(content, ct));
        var partitions = Enumerable.Range(0, samples).Select(i => $"{run}-{i:D4}").ToArray();
        await BenchmarkStorage.SubmitAsync(table, partitions.SelectMany(p => Enumerable.Range(0, PartitionSize).Select(r =>
            new TableEntity(p, $"r{r:D3}") { ["StoredBytes"] = 64L, ["Source"] = "web-1" })));

        var medians = new Dictionary<string, double>
        {
            ["blob get-properties"] = await MedianAsync(samples, i => blobs[i].GetPropertiesAsync()),
            ["blob delete"] = await MedianAsync(samples, i => blobs[i].DeleteAsync()),
            ["table point read"] = await MedianAsync(samples, i => table.GetEntityAsync<TableEntity>(partitions[i], "r000")),
            ["table partition query"] = await MedianAsync(samples, async i =>
            {
                var rows = 0;
                await foreach (var page in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitions[i]}")).AsPages())
                {
                    rows += page.Values.Count;
                }

                return rows == PartitionSize ? rows : throw new InvalidOperationException($"The query returned {rows} rows.");
            }),
            ["table delete"] = await MedianAsync(samples, i => table.DeleteEntityAsync(partitions[i], "r000", ETag.All)),
            ["table batch delete 99"] = await MedianAsync(samples, i => table.SubmitTransactionAsync(Enumerable.Range(1, PartitionSize - 1).Select(r =>
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitions[i], $"r{r:D3}"), ETag.All)))),
        };
        return medians;
    }

    private static async Task<double> MedianAsync<T>(int samples, Func<int, Task<T>> request)
    {
        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var timer = Stopwatch.StartNew();
            await request(i);
            times[i] = timer.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[samples / 2];
    }
}
