using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Diagnostics.Cli;

namespace Diagnostics.Pseudonymization.Tests;

/// <summary><c>diag</c>, run in-process against in-memory standard streams.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("diag-cli-tests-").FullName;
    private readonly string _keyFile;

    public CliTests()
    {
        _keyFile = Path.Combine(_directory, "master.key");
        File.WriteAllText(_keyFile, Convert.ToBase64String(TestKeys.MasterKey) + "\n");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    [InlineData("-h")]
    [InlineData("scrub", "--help")]
    public void HelpPrintsTheUsageAndExitsZero(params string[] args)
    {
        var (code, stdout, stderr) = Run(args, "");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("diag scrub --ticket ID --key-file FILE", stdout, StringComparison.Ordinal);
        Assert.Contains("SHA-256(\"diag-scrub-dry-run:\" + ID)", stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }

    [Fact]
    public void ScrubWritesThePseudonymizedLogAndExitsZero()
    {
        string log = "203.0.113.7 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"Chrome/32.0.1700.77\"\r\nmail jane@example.com\nlast";
        var (code, stdout, stderr) = Run(["scrub", "--ticket", "T-1", "--key-file", _keyFile], log);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(stderr);
        using var pseudonymizer = DryRunPseudonymizer("T-1");
        string expected = log
            .Replace("203.0.113.7", pseudonymizer.PseudonymFor("203.0.113.7"), StringComparison.Ordinal)
            .Replace("jane@example.com", pseudonymizer.PseudonymFor("jane@example.com"), StringComparison.Ordinal);
        Assert.Equal(expected, stdout);
    }

    [Fact]
    public void TheReportIsWrittenAsJson()
    {
        string report = Path.Combine(_directory, "report.json");
        var (code, stdout, _) = Run(["scrub", "--ticket=T-1", "--key-file", _keyFile, "--format", "text", "--report", report], "203.0.113.7 ::1\njane@example.com\n");

        Assert.Equal(ExitCodes.Success, code);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("lines").GetInt64());
        Assert.Equal(33, root.GetProperty("bytesIn").GetInt64());
        Assert.Equal(Encoding.UTF8.GetByteCount(stdout), root.GetProperty("bytesOut").GetInt64());
        Assert.Equal(1, root.GetProperty("pseudonymized").GetProperty("ipv4").GetInt64());
        Assert.Equal(1, root.GetProperty("pseudonymized").GetProperty("ipv6").GetInt64());
        Assert.Equal(1, root.GetProperty("pseudonymized").GetProperty("email").GetInt64());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("removed").ValueKind);
        Assert.Equal(0, root.GetProperty("blockedLines").GetInt64());
    }

    [Theory]
    [InlineData]
    [InlineData("unknown")]
    [InlineData("scrub")]
    [InlineData("scrub", "--key-file", "KEY")]
    [InlineData("scrub", "--ticket", "T-1")]
    [InlineData("scrub", "--ticket", "../etc", "--key-file", "KEY")]
    [InlineData("scrub", "--ticket", "T-1", "--key-file", "KEY", "--format", "xml")]
    [InlineData("scrub", "--ticket", "T-1", "--key-file", "KEY", "--ticket", "T-2")]
    [InlineData("scrub", "--ticket", "T-1", "--key-file", "KEY", "--verbose")]
    [InlineData("scrub", "--ticket", "T-1", "--key-file")]
    [InlineData("scrub", "--ticket", "T-1", "--key-file", "missing.key")]
    [InlineData("scrub", "--ticket", "T-1", "--key-file", "KEY", "--customer-id-prefix")]
    [InlineData("scrub", "--ticket", "T-1", "--key-file", "KEY", "--customer-id-prefix", "")]
    [InlineData("scrub", "--ticket", "T-1", "--key-file", "KEY", "--customer-id-prefix", "cu st-")]
    [InlineData("scrub", "--ticket", "T-1", "--key-file", "KEY", "--customer-id-prefix", "cust.*")]
    [InlineData("scrub", "--ticket", "T-1", "--key-file", "KEY", "--customer-id-prefix", "cid-")]
    [InlineData("scrub", "--ticket", "T-1", "--key-file", "KEY", "--prefix-preserving=yes")]
    [InlineData("scrub", "--ticket", "T-1", "--key-file", "KEY", "--prefix-preserving", "--prefix-preserving")]
    public void BadUsageExitsTwoWithTheUsageOnStandardError(params string[] args)
    {
        var (code, stdout, stderr) = Run(args.Select(a => a == "KEY" ? _keyFile : a == "missing.key" ? Path.Combine(_directory, a) : a).ToArray(), "203.0.113.7\n");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(stdout);
        Assert.StartsWith("diag: ", stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64 at all!")]
    [InlineData("")]
    public void AKeyFileWithoutThirtyTwoBytesOfBase64ExitsTwo(string content)
    {
        string keyFile = Path.Combine(_directory, "bad.key");
        File.WriteAllText(keyFile, content);
        var (code, _, stderr) = Run(["scrub", "--ticket", "T-1", "--key-file", keyFile], "x\n");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("key file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABlockedLineExitsThreeWithoutPrintingTheValue()
    {
        var stdin = new MemoryStream("clean line\nclient 203.0.113.7 here\n"u8.ToArray());
        var stdout = new MemoryStream();
        var stderr = new StringWriter();

        // The real detectors leave nothing for the gate; detectors that miss everything show what it does.
        int code = await ScrubCommand.RunAsync(
            ["--ticket", "T-1", "--key-file", _keyFile], stdin, stdout, stderr, CancellationToken.None,
            options => new ScrubOptions { Format = options.Format, DetectorsOverride = static (line, destination) => Copy(line, destination) });

        Assert.Equal(ExitCodes.Blocked, code);
        Assert.Contains("line 2", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("IPv4", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.7", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("clean line\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public void RejectedInputExitsFour()
    {
        var (code, _, stderr) = Run(["scrub", "--ticket", "T-1", "--key-file", _keyFile], "ok\nbad \udc00 byte\n", invalidUtf8: true);
        Assert.Equal(ExitCodes.InputRejected, code);
        Assert.Contains("UTF-8", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDryRunUsesTheDocumentedSaltSoTicketsDiffer()
    {
        var (_, first, _) = Run(["scrub", "--ticket", "T-1", "--key-file", _keyFile], "203.0.113.7");
        var (_, second, _) = Run(["scrub", "--ticket", "T-2", "--key-file", _keyFile], "203.0.113.7");
        using var pseudonymizer = DryRunPseudonymizer("T-1");
        Assert.Equal(pseudonymizer.PseudonymFor("203.0.113.7"), first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void CustomerIdPrefixesPseudonymizeThoseIdsAndNothingElse()
    {
        string log = "order for cust-4711 by ACME-x9_z, not cust-abc nor acct-12\n";
        var (code, stdout, stderr) = Run(
            ["scrub", "--ticket", "T-1", "--key-file", _keyFile, "--customer-id-prefix", "cust-", "--customer-id-prefix=ACME-\\w+", "--report", Path.Combine(_directory, "r.json")], log);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(stderr);
        using var pseudonymizer = DryRunPseudonymizer("T-1");
        string expected = log
            .Replace("cust-4711", pseudonymizer.PseudonymFor("cid:cust-4711"), StringComparison.Ordinal)
            .Replace("ACME-x9_z", pseudonymizer.PseudonymFor("cid:ACME-x9_z"), StringComparison.Ordinal);
        Assert.Equal(expected, stdout);
        Assert.StartsWith("order for cid-", stdout, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "r.json")));
        Assert.Equal(2, report.RootElement.GetProperty("pseudonymized").GetProperty("customer-id").GetInt64());

        // Without the option the ids are left as they are: the shapes are the customer's to name.
        var (_, plain, _) = Run(["scrub", "--ticket", "T-1", "--key-file", _keyFile], log);
        Assert.Equal(log, plain);
    }

    [Fact]
    public void PrefixPreservingKeepsSubnetsInTheirOwnRange()
    {
        const string Log = "203.0.113.7 a\n203.0.113.9 b\n198.51.100.7 c\n";
        var (code, stdout, stderr) = Run(["scrub", "--ticket", "T-1", "--key-file", _keyFile, "--prefix-preserving"], Log);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(stderr);
        using var pseudonymizer = DryRunPseudonymizer("T-1", prefixPreserving: true);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([pseudonymizer.PseudonymFor("203.0.113.7") + " a", pseudonymizer.PseudonymFor("203.0.113.9") + " b", pseudonymizer.PseudonymFor("198.51.100.7") + " c"], lines);
        Assert.All(lines, l => Assert.StartsWith("2001:db8:4:1::", l, StringComparison.Ordinal));

        // Same /24, same first 120 bits.
        var addresses = lines.Select(l => System.Net.IPAddress.Parse(l[..^2]).GetAddressBytes()[..15]).ToArray();
        Assert.Equal(addresses[0], addresses[1]);
        Assert.NotEqual(addresses[0], addresses[2]);
        var (_, opaque, _) = Run(["scrub", "--ticket", "T-1", "--key-file", _keyFile], Log);
        Assert.StartsWith("2001:db8:4::", opaque, StringComparison.Ordinal);
    }

    private static Pseudonymizer DryRunPseudonymizer(string ticketId, bool prefixPreserving = false) =>
        new(TicketKey.Derive(TestKeys.MasterKey, SHA256.HashData(Encoding.UTF8.GetBytes("diag-scrub-dry-run:" + ticketId)), ticketId, prefixPreserving));

    private static (int Code, string Stdout, string Stderr) Run(string[] args, string stdin, bool invalidUtf8 = false)
    {
        byte[] input = invalidUtf8
            ? [.. Encoding.UTF8.GetBytes(stdin[..stdin.IndexOf('\udc00', StringComparison.Ordinal)]), 0xFF, .. Encoding.UTF8.GetBytes(stdin[(stdin.IndexOf('\udc00', StringComparison.Ordinal) + 1)..])]
            : Encoding.UTF8.GetBytes(stdin);
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = Program.Run(args, new MemoryStream(input), stdout, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private static int Copy(ReadOnlySpan<byte> line, Span<byte> destination)
    {
        line.CopyTo(destination);
        return line.Length;
    }
}
