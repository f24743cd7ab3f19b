using BenchmarkDotNet.Attributes;
using Diagnostics.Pseudonymization;

namespace Diagnostics.Benchmarks;

/// <summary>
/// The two IPv4 permutations, one new address per call (no pseudonym cache in the way), and what a prefix-preserving
/// ticket costs where it differs from the default: building its pseudonymizer, and the whole Apache sample.
/// </summary>
[MemoryDiagnoser]
public class Ipv4PermutationBenchmarks
{
    private const int Addresses = 4096;

    private readonly uint[] _addresses = new uint[Addresses];
    private Ipv4PrefixPermutation _prefixPreserving = null!;
    private Ipv4Permutation _feistel = null!;
    private byte[] _log = [];
    private MemoryStream _output = null!;
    private TicketKey _prefixKey = null!;
    private TicketKey _defaultKey = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (var i = 0; i < Addresses; i++)
        {
            _addresses[i] = (uint)random.NextInt64(0, 1L << 32);
        }

        _prefixPreserving = new Ipv4PrefixPermutation(new byte[16]);

        // Past its threshold, as in any log with more than 2,048 addresses: the rounds are tables.
        _feistel = new Ipv4Permutation(new byte[16], tableThreshold: 0);
        _log = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "apache_combined.log"));
        _output = new MemoryStream(_log.Length * 2);
        _prefixKey = TicketKey.Derive(new byte[32], new byte[32], "bench", prefixPreservingIps: true);
        _defaultKey = TicketKey.Derive(new byte[32], new byte[32], "bench");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _prefixPreserving.Dispose();
        _feistel.Dispose();
    }

    [Benchmark]
    public uint PrefixPreservingPermute() => _prefixPreserving.Permute(_addresses[_next++ & (Addresses - 1)]);

    [Benchmark(Baseline = true)]
    public uint FeistelPermute() => _feistel.Permute(_addresses[_next++ & (Addresses - 1)]);

    /// <summary>What each match request of a prefix-preserving ticket pays before it computes one pseudonym.</summary>
    [Benchmark]
    public string? NewPrefixPreservingPseudonymizerAndOneMatch()
    {
        using var pseudonymizer = new Pseudonymizer(_prefixKey);
        return pseudonymizer.PseudonymFor("203.0.113.7");
    }

    [Benchmark]
    public string? NewDefaultPseudonymizerAndOneMatch()
    {
        using var pseudonymizer = new Pseudonymizer(_defaultKey);
        return pseudonymizer.PseudonymFor("203.0.113.7");
    }

    /// <summary>The whole 2.3 MB sample, every detector and the gate, one thread, for a new ticket (cold pseudonym caches).</summary>
    [Benchmark]
    public Task<long> ScrubApacheLogNewPrefixPreservingTicket() => ScrubAsync(_prefixKey);

    [Benchmark]
    public Task<long> ScrubApacheLogNewDefaultTicket() => ScrubAsync(_defaultKey);

    private async Task<long> ScrubAsync(TicketKey key)
    {
        _output.SetLength(0);
        using var pseudonymizer = new Pseudonymizer(key);
        var result = await LogScrubber.ScrubAsync(new MemoryStream(_log), _output, pseudonymizer, new ScrubOptions { Parallelism = 1 }, CancellationToken.None);
        return result.BytesOut;
    }
}
