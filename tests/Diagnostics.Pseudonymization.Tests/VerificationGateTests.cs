using System.Text;

namespace Diagnostics.Pseudonymization.Tests;

public sealed class VerificationGateTests
{
    [Theory]
    [InlineData("client 203.0.113.7 connected", IdentifierKind.Ipv4)]
    [InlineData("http://10.0.0.1/", IdentifierKind.Ipv4)]
    [InlineData("v6 fe80::1%eth0 up", IdentifierKind.Ipv6)]
    [InlineData("mapped ::ffff:1.2.3.4", IdentifierKind.Ipv6)]
    [InlineData("documentation but not ours: 2001:db8:5::1", IdentifierKind.Ipv6)]
    [InlineData("mail jane@example.com", IdentifierKind.Email)]
    [InlineData("right domain, wrong local part: jane@pseudonym.invalid", IdentifierKind.Email)]
    public void TheGateFindsARawIdentifier(string line, IdentifierKind kind) =>
        Assert.Equal(kind, VerificationGate.Check(Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void TheGateAcceptsALineOfPseudonyms()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string line = $"{pseudonymizer.PseudonymFor("203.0.113.7")} - - [17/May/2015:10:05:03 +0000] \"GET /x HTTP/1.1\" 200 5 " +
            $"\"http://[{pseudonymizer.PseudonymFor("2001:db8::1")}]:8080/\" \"Mozilla/5.0 (Windows NT 6.1; rv:1.8.1.3) Chrome/32.0.1700.77 " +
            $"+{pseudonymizer.PseudonymFor("bot@example.com")}\"";
        Assert.Equal(IdentifierKind.None, VerificationGate.Check(Encoding.UTF8.GetBytes(line)));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 Chrome/32.0.1700.77 Safari/537.36")]
    [InlineData("at 10:05:03.123, mac 00:1a:2b:3c:4d:5e, std::string, 3.14.15.92.65, rv:1.8.1.3, user@localhost")]
    public void TheGateLetsNonIdentifiersThrough(string line) =>
        Assert.Equal(IdentifierKind.None, VerificationGate.Check(Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void ScrubberStopsAtTheFirstBlockedLineAndWritesNothingOfIt()
    {
        // Detectors that miss everything, so that the gate alone stands between the input and the output.
        var options = new ScrubOptions { DetectorsOverride = static (line, destination) => Copy(line, destination) };
        var result = TestKeys.Scrub("nothing here\nstill nothing\nclient 203.0.113.7\nafter\n", out string output, options: options);

        Assert.True(result.Blocked);
        Assert.Equal(1, result.BlockedLines);
        Assert.Equal(3, result.FirstBlockedLine);
        Assert.Equal(IdentifierKind.Ipv4, result.BlockedKind);
        Assert.Equal("nothing here\nstill nothing\n", output);
        Assert.Equal(output.Length, result.BytesOut);
    }

    [Fact]
    public void TheGateRunsOnEveryLineOfEveryBlock()
    {
        var options = new ScrubOptions { Parallelism = 3, DetectorsOverride = static (line, destination) => Copy(line, destination) };
        string clean = string.Concat(Enumerable.Repeat("GET /index.html HTTP/1.1 200 1234 Chrome/32.0.1700.77\n", 40_000));
        var result = TestKeys.Scrub(clean + "leak jane@example.com\n" + clean, out string output, options: options);

        Assert.Equal(40_001, result.FirstBlockedLine);
        Assert.Equal(IdentifierKind.Email, result.BlockedKind);
        Assert.Equal(clean, output);
    }

    private static int Copy(ReadOnlySpan<byte> line, Span<byte> destination)
    {
        line.CopyTo(destination);
        return line.Length;
    }
}
