using BenchmarkDotNet.Attributes;
using Diagnostics.Pseudonymization;

namespace Diagnostics.Benchmarks;

/// <summary>The scrubber's kernels on the Apache sample: a whole block, one lookup, and the gate alone.</summary>
[MemoryDiagnoser]
public class ScrubBenchmarks
{
    private byte[] _log = [];
    private byte[] _gateLine = [];
    private Pseudonymizer _pseudonymizer = null!;
    private MemoryStream _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        _log = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "apache_combined.log"));
        _pseudonymizer = new Pseudonymizer(TicketKey.Derive(new byte[32], new byte[32], "bench"));
        _output = new MemoryStream(_log.Length * 2);
        _gateLine = "2001:db8:4::c633:6401 - - [10/Oct/2000:13:55:36 -0700] \"GET /a.gif?sid=[removed:secret] HTTP/1.0\" 200 2326 \"http://example.com/\" \"Mozilla/5.0 (X11; rv:1.8.1.3) Gecko/20070309 Firefox/2.0.0.3\""u8.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _pseudonymizer.Dispose();

    /// <summary>The whole 2.3 MB sample through every detector and the gate, on one thread.</summary>
    [Benchmark]
    public async Task<long> ScrubApacheLog()
    {
        _output.SetLength(0);
        var result = await LogScrubber.ScrubAsync(new MemoryStream(_log), _output, _pseudonymizer, new ScrubOptions { Parallelism = 1 }, CancellationToken.None);
        return result.BytesOut;
    }

    [Benchmark]
    public string? PseudonymForIpv4() => _pseudonymizer.PseudonymFor("203.0.113.7");

    [Benchmark]
    public string? PseudonymForUser() => _pseudonymizer.PseudonymFor("user:alice");

    [Benchmark]
    public IdentifierKind GateOnAScrubbedLine() => VerificationGate.Check(_gateLine, LogFormat.Clf);

    /// <summary>The one vectorised classification of a line that the passes step through (LineBits, with NumberRuns).</summary>
    [Benchmark]
    public bool ClassifyALine() => LineBits.Of(_gateLine, LineBits.Reader.Gate).MayHoldIpv6Literal;
}
