using System.Text;
using System.Text.Json;

namespace Diagnostics.Pseudonymization.Tests;

public sealed class LogScrubberTests
{
    [Fact]
    public void CrlfLineEndingsArePreserved()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        TestKeys.Scrub("a 203.0.113.7\r\nb\r\n\r\nc\n", out string output, pseudonymizer);
        Assert.Equal($"a {pseudonymizer.PseudonymFor("203.0.113.7")}\r\nb\r\n\r\nc\n", output);
    }

    [Fact]
    public void ALastLineWithoutNewlineStaysWithout()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        var result = TestKeys.Scrub("first\nlast 203.0.113.7", out string output, pseudonymizer);
        Assert.Equal($"first\nlast {pseudonymizer.PseudonymFor("203.0.113.7")}", output);
        Assert.Equal(2, result.Lines);
    }

    [Fact]
    public void EmptyInputGivesEmptyOutput()
    {
        var result = TestKeys.Scrub("", out string output);
        Assert.Equal("", output);
        Assert.Equal(0, result.Lines);
        Assert.Equal(0, result.BytesIn);
        Assert.False(result.Blocked);
    }

    [Fact]
    public void TextWithoutIdentifiersIsWrittenByteForByte()
    {
        string text = "héllo wörld ✓ 𝄞\ttabs\r\n  spaces  \n\n{\"k\":[1,2.5,null]}\n\uFEFFbom\n";
        var result = TestKeys.Scrub(text, out string output);
        Assert.Equal(text, output);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), result.BytesIn);
        Assert.Equal(result.BytesIn, result.BytesOut);
    }

    [Fact]
    public void ALineOfExactlyTheLimitIsAcceptedAndOneByteMoreIsRejected()
    {
        var options = new ScrubOptions { MaxLineBytes = 100 };
        TestKeys.Scrub(new string('x', 100) + "\r\n" + new string('y', 100), out string output, options: options);
        Assert.Equal(new string('x', 100) + "\r\n" + new string('y', 100), output);

        var error = Assert.Throws<InputRejectedException>(() => TestKeys.Scrub("ok\n" + new string('x', 101) + "\n", out _, options: options));
        Assert.Equal(InputRejection.LineTooLong, error.Rejection);
        Assert.Contains("Line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndlessLineIsRejectedWithoutReadingItAll()
    {
        var endless = new EndlessStream((byte)'x');
        using var pseudonymizer = TestKeys.Pseudonymizer();
        var error = await Assert.ThrowsAsync<InputRejectedException>(() =>
            LogScrubber.ScrubAsync(endless, Stream.Null, pseudonymizer, new ScrubOptions { MaxLineBytes = 1000 }, CancellationToken.None));
        Assert.Equal(InputRejection.LineTooLong, error.Rejection);
        Assert.True(endless.BytesRead < 4 * 1024 * 1024);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    public void InvalidUtf8IsRejected(byte[] invalid)
    {
        byte[] input = [.. "fine\nbad "u8, .. invalid, .. " 203.0.113.7\n"u8];
        var error = Assert.Throws<InputRejectedException>(() => TestKeys.Scrub(input, out _));
        Assert.Equal(InputRejection.InvalidEncoding, error.Rejection);
        Assert.Contains("Line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8FarIntoTheInputNamesItsLine()
    {
        // Blocks are checked whole first; the line is found in the block that fails, among valid lines of other scripts.
        var input = new MemoryStream();
        for (int i = 0; i < 20_000; i++)
        {
            input.Write("é 203.0.113.7 ✓ 日本 𝄞\n"u8);
        }

        input.Write([.. "bad "u8, 0xE2, 0x82, .. "\n"u8, .. "é fine\n"u8]);
        var error = Assert.Throws<InputRejectedException>(() => TestKeys.Scrub(input.ToArray(), out _));
        Assert.Equal(InputRejection.InvalidEncoding, error.Rejection);
        Assert.Contains("Line 20001 ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheUserFieldOfAW3cLogIsFoundByItsDirectiveInEveryBlockAfterIt()
    {
        // IIS writes cs-username with or without a domain. The directive is read once, in the first block; the lines
        // run on over several blocks, then a directive without the field ends it.
        using var pseudonymizer = TestKeys.Pseudonymizer();
        var input = new System.Text.StringBuilder("before 80 kim 203.0.113.1\r\n#Software: Microsoft Internet Information Services 10.0\r\n");
        input.Append("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status\r\n");
        for (int i = 0; i < 6_000; i++)
        {
            input.Append("2019-01-01 00:00:00 10.0.0.1 GET /default.aspx - 80 frank 203.0.113.18 Mozilla/5.0+(Windows+NT+10.0) 200\r\n");
            input.Append("2019-01-01 00:00:01 10.0.0.1 GET /a.aspx id=5 443 CONTOSO\\ines 203.0.113.19 Mozilla/5.0 200\r\n");
            input.Append("2019-01-01 00:00:02 10.0.0.1 GET /b.aspx - 443 - 203.0.113.20 Mozilla/5.0 401\r\n");
        }

        input.Append("#Fields: date time c-ip cs-method cs-username-not sc-status\r\n2019-01-01 00:00:03 203.0.113.21 GET kim 200\r\n");
        var result = TestKeys.Scrub(input.ToString(), out string output, pseudonymizer);

        Assert.True(input.Length > 3 * 256 * 1024, "the lines fill several blocks");
        string frank = pseudonymizer.PseudonymFor("user:frank")!;
        string ines = pseudonymizer.PseudonymFor("user:ines")!;
        Assert.DoesNotContain(" frank ", output, StringComparison.Ordinal);
        Assert.Equal(6_000, output.Split(" 80 " + frank + " ").Length - 1);
        Assert.Equal(6_000, output.Split(" CONTOSO\\" + ines + " ").Length - 1);
        Assert.Equal(6_000, output.Split(" 443 - ").Length - 1);
        Assert.StartsWith("before 80 kim ", output, StringComparison.Ordinal);
        Assert.EndsWith(" GET kim 200\r\n", output, StringComparison.Ordinal);
        Assert.Equal(0, result.BlockedLines);
    }

    [Fact]
    public void OnlyADirectiveAtTheStartOfALineSetsTheLayoutOfTheBlocksAfter()
    {
        Assert.Equal(1, W3cFields.After("#Fields: date cs-username\nGET /?q=#Fields:+cs-username 200\n"u8, W3cFields.None));
        Assert.Equal(0, W3cFields.After("x\n#Fields: cs-username\nx #Fields: a b cs-username\n"u8, W3cFields.None));
        Assert.Equal(3, W3cFields.After("a #Fields: cs-username\n#Fields\n"u8, 3));
        Assert.Equal(W3cFields.None, W3cFields.After("#Fields: date time\n"u8, 2));
    }

    [Fact]
    public void TheGateBlocksARawUserInTheW3cUserField()
    {
        var line = "2019-01-01 00:00:00 2001:db8:4::1 GET /default.aspx - 80 frank 2001:db8:4::2 Mozilla/5.0 200"u8;
        Assert.Equal(IdentifierKind.User, VerificationGate.Check(line, LogFormat.Text, null, w3cUserField: 7));
        Assert.Equal(IdentifierKind.None, VerificationGate.Check(line, LogFormat.Text, null, w3cUserField: 8));
        Assert.Equal(IdentifierKind.None, VerificationGate.Check(line));
    }

    [Fact]
    public void JsonLinesStayValidJson()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string input =
            "{\"ts\":\"2015-05-17T10:05:03Z\",\"client\":\"203.0.113.7\",\"xff\":[\"198.51.100.1\",\"2001:db8::2\"],\"user\":\"jane@example.com\",\"ua\":\"Chrome/32.0.1700.77\",\"ms\":12.5}\n" +
            "{\"msg\":\"from \\\"10.0.0.1\\\"\\nto [fe80::1%eth0]:80\",\"url\":\"http:\\/\\/10.0.0.2\\/x\"}\n";
        var result = TestKeys.Scrub(input, out string output, pseudonymizer, new ScrubOptions { Format = LogFormat.JsonLines });

        Assert.Equal(LogFormat.JsonLines, result.Format);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(pseudonymizer.PseudonymFor("203.0.113.7"), first.RootElement.GetProperty("client").GetString());
        Assert.Equal(pseudonymizer.PseudonymFor("2001:db8::2"), first.RootElement.GetProperty("xff")[1].GetString());
        Assert.Equal(pseudonymizer.PseudonymFor("jane@example.com"), first.RootElement.GetProperty("user").GetString());
        Assert.Equal("Chrome/32.0.1700.77", first.RootElement.GetProperty("ua").GetString());
        Assert.Equal(12.5, first.RootElement.GetProperty("ms").GetDouble());

        using var second = JsonDocument.Parse(lines[1]);
        string message = second.RootElement.GetProperty("msg").GetString()!;
        Assert.Equal($"from \"{pseudonymizer.PseudonymFor("10.0.0.1")}\"\nto [{pseudonymizer.PseudonymFor("fe80::1")}]:80", message);
        Assert.Equal($"http://{pseudonymizer.PseudonymFor("10.0.0.2")}/x", second.RootElement.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("{\"a\":1}", LogFormat.JsonLines)]
    [InlineData("83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 5", LogFormat.Clf)]
    [InlineData("2015-05-17 10:05:03 INFO started", LogFormat.Text)]
    [InlineData("h - - [2000-10-10T13:55:36Z] \"GET / HTTP/1.1\" 200 5", LogFormat.Clf)]
    [InlineData("h  - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5", LogFormat.Text)]
    [InlineData("h - - [10/Oct/2000:13:55:36 -0700", LogFormat.Text)]
    [InlineData("h - -", LogFormat.Text)]
    [InlineData("h - - ", LogFormat.Text)]
    [InlineData("2015-10-18 18:01:47,978 INFO [main] started", LogFormat.Text)]
    public void TheFormatIsDetectedFromTheFirstLine(string firstLine, LogFormat format) =>
        Assert.Equal(format, TestKeys.Scrub(firstLine + "\nmore\n", out _).Format);

    [Fact]
    public void TheReportCountsEachDetector()
    {
        var result = TestKeys.Scrub("203.0.113.7 ::1 a@b.cc\n198.51.100.1 c@d.ee e@f.gg\n", out _);
        Assert.Equal(2, result.Report.Pseudonymized[DetectorNames.Ipv4]);
        Assert.Equal(1, result.Report.Pseudonymized[DetectorNames.Ipv6]);
        Assert.Equal(3, result.Report.Pseudonymized[DetectorNames.Email]);
        Assert.All(result.Report.Removed.Values, count => Assert.Equal(0, count));
        Assert.Equal(DetectorNames.Removing, result.Report.Removed.Keys);
    }

    [Fact]
    public void ReportsMergeDetectorByDetector()
    {
        var first = new RedactionReport.Builder().AddPseudonymized(DetectorNames.Ipv4, 2).AddPseudonymized(DetectorNames.Email).Build();
        var second = new RedactionReport.Builder().AddPseudonymized(DetectorNames.Ipv4, 3).AddRemoved("secret", 4).Build();
        var merged = first.Merge(second);
        Assert.Equal(5, merged.Pseudonymized[DetectorNames.Ipv4]);
        Assert.Equal(1, merged.Pseudonymized[DetectorNames.Email]);
        Assert.Equal(4, merged.Removed["secret"]);
        Assert.Equal(6, merged.TotalPseudonymized);
        Assert.Empty(RedactionReport.Empty.Pseudonymized);
    }

    [Fact]
    public async Task CancellationStopsTheScrub()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));
        using var pseudonymizer = TestKeys.Pseudonymizer();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            LogScrubber.ScrubAsync(new EndlessStream((byte)'\n'), Stream.Null, pseudonymizer, new ScrubOptions(), cancellation.Token));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AFailureInABlockEndsTheScrubWithIt(int parallelism)
    {
        // A detector that fails on one line far into the input, in a block a worker thread scrubs: the failure reaches
        // the caller, and the scrub ends rather than waiting for that block forever.
        string lines = string.Concat(Enumerable.Repeat("GET /index.html HTTP/1.1 200 1234\n", 30_000));
        byte[] input = Encoding.UTF8.GetBytes(lines + "boom\n" + lines);
        var options = new ScrubOptions
        {
            Parallelism = parallelism,
            DetectorsOverride = static (line, destination) =>
            {
                if (line.SequenceEqual("boom"u8))
                {
                    throw new InvalidOperationException("detector failed");
                }

                line.CopyTo(destination);
                return line.Length;
            },
        };
        using var pseudonymizer = TestKeys.Pseudonymizer();
        var output = new MemoryStream();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LogScrubber.ScrubAsync(new MemoryStream(input), output, pseudonymizer, options, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal("detector failed", failure.Message);
        Assert.True(output.Length < lines.Length, $"{output.Length} bytes written");
    }

    /// <summary>Reads as many bytes as asked, forever, from a single byte value.</summary>
    private sealed class EndlessStream(byte value) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill(value);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
