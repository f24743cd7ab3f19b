using System.Text;

namespace Diagnostics.Pseudonymization.Tests;

/// <summary>
/// The one vectorised pass the address passes and the gate step through a line with: from any
/// position it must find what a plain search finds, on every length (block edges, the quads' look-ahead into the next
/// block, tails, short lines).
/// </summary>
public sealed class LineBitsTests
{
    private static readonly string[] Pieces = ["1", "12", "255", "1700", ".", ".", "1.2.3.4", "a", " ", ":", "::", "=", ">", "@", "é", "10.0.0.1", "5.0", "fe80", "G", "D", "x", "%40", "%", "\\", "\\\\"];

    [Fact]
    public void FindsWhatAPlainSearchFindsFromEveryPosition()
    {
        var random = new Random(64);
        int quads = 0;
        for (int round = 0; round < 10_000; round++)
        {
            var line = RandomLine(random, Pieces, random.Next(0, 300));
            var bits = LineBits.Of(line, LineBits.Reader.Gate);
            Assert.Equal(line.Count(b => b == ':') >= 6 || line.AsSpan().IndexOf("::"u8) >= 0, bits.MayHoldIpv6Literal);
            var firstDots = Enumerable.Range(0, line.Length).Where(i => IsFirstDot(line, i)).ToList();
            quads += firstDots.Count;

            // In order, as the passes go, then from random places, as a pass that skips ahead or looks back would.
            foreach (int from in Enumerable.Range(-1, line.Length + 3).Concat(Enumerable.Range(0, 30).Select(_ => random.Next(-1, line.Length + 2))))
            {
                int start = Math.Clamp(from, 0, line.Length);
                Assert.Equal(Enumerable.Range(start, line.Length - start).Where(i => IsSeparator(line, i)).DefaultIfEmpty(-1).First(), bits.NextSeparator(from));
                int firstDot = firstDots.Where(i => i >= from).DefaultIfEmpty(-1).First();
                Assert.Equal(firstDot, bits.NextDottedQuad(from));
                Assert.Equal(Found(line.AsSpan(start).IndexOfAny((byte)'@', (byte)'%', (byte)'\\'), start), bits.NextAt(from));
                Assert.Equal(Found(line.AsSpan(start).IndexOf((byte)'\\'), start), bits.NextBackslash(from));
                Assert.Equal(First(Found(line.AsSpan(start).IndexOfAny([(byte)'@', (byte)'%', (byte)'\\', (byte)':']), start), firstDot), bits.NextAnchor(from, colons: true));
                Assert.Equal(First(Found(line.AsSpan(start).IndexOfAny((byte)'@', (byte)'%', (byte)'\\'), start), firstDot), bits.NextAnchor(from, colons: false));
            }

            // Around every colon: the run of hex digits, colons and dots, and whether it has "::" or six colons.
            for (int colon = line.AsSpan().IndexOf((byte)':'); colon >= 0; colon = Found(line.AsSpan(colon + 1).IndexOf((byte)':'), colon + 1))
            {
                int start = colon;
                while (start > 0 && IsHexColonOrDot(line[start - 1]))
                {
                    start--;
                }

                int end = colon + 1;
                while (end < line.Length && IsHexColonOrDot(line[end]))
                {
                    end++;
                }

                bits.HexRunAround(colon, out int runStart, out int runEnd);
                Assert.Equal((start, end), (runStart, runEnd));
                var run = line.AsSpan(start, end - start);
                Assert.Equal(run.Count((byte)':') >= 6 || run.IndexOf("::"u8) >= 0, bits.MayHoldIpv6LiteralIn(start, end));
            }
        }

        Assert.True(quads > 5_000, $"{quads} first dots of quads");
    }

    [Fact]
    public void EveryVectorWidthMarksWhatAByteByByteLookMarks()
    {
        // The machine runs one width; the others are checked here, each against the definition of every mark.
        (int Kind, Func<byte, bool> Is)[] kinds =
        [
            (LineBits.Colons, b => b == ':'),
            (LineBits.Separators, b => b is (byte)'=' or (byte)'>'),
            (LineBits.Ats, b => b is (byte)'@' or (byte)'%' or (byte)'\\'),
            (LineBits.Digits, b => char.IsAsciiDigit((char)b)),
            (LineBits.Dots, b => b == '.'),
            (LineBits.Runs, b => char.IsAsciiDigit((char)b) || b is (byte)' ' or (byte)'.' or (byte)'-' or (byte)'+'),
            (LineBits.Capitals, b => b is >= (byte)'A' and <= (byte)'Z'),
            (LineBits.Dashes, b => b == '-'),
            (LineBits.Letters, b => char.IsAsciiLetter((char)b)),
            (LineBits.HexRuns, IsHexColonOrDot),
            (LineBits.ZerosAndPluses, b => b is (byte)'0' or (byte)'+'),
            (LineBits.Backslashes, b => b == '\\'),
        ];
        byte[] alphabet = [.. "09:=@.-+ AZaz@[`{/fgFG%"u8, 0, 0x7F, 0x80, 0xC3, 0xA9, 0xFF];
        var random = new Random(512);
        var block = new byte[64];
        var words = new ulong[LineBits.Kinds];
        var widths = new List<Action<int>> { shift => LineBits.Marks128(ref block[0], shift, ref words[0]) };
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            widths.Add(shift => LineBits.Marks256(ref block[0], shift, ref words[0]));
        }

        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
        {
            widths.Add(shift => LineBits.Marks512(ref block[0], shift, ref words[0]));
        }

        for (int round = 0; round < 2_000; round++)
        {
            for (int i = 0; i < block.Length; i++)
            {
                block[i] = round % 2 == 0 ? alphabet[random.Next(alphabet.Length)] : (byte)random.Next(256);
            }

            int shift = random.Next(0, 64);
            foreach (var width in widths)
            {
                width(shift);
                foreach (var (kind, isMarked) in kinds)
                {
                    ulong expected = 0;
                    for (int i = shift; i < block.Length; i++)
                    {
                        expected |= isMarked(block[i]) ? 1UL << (i - shift) : 0;
                    }

                    Assert.Equal(expected, words[kind]);
                }
            }
        }
    }

    [Fact]
    public void ALineGetsTheSameBitsAfterALongerOne()
    {
        // A reader's buffer keeps what longer lines left past a shorter line's end: every reader must see what it sees
        // in a fresh buffer (another thread's).
        var random = new Random(256);
        string[] pieces = [.. Pieces, "+33 6 12 34 56 78", "0612345678", "4111 1111 1111 1111", "FR76", "-12-", "1-2", "x9.1", "200 2326"];
        for (int round = 0; round < 1_500; round++)
        {
            // Only a line whose last block is whole reads the word after it: most lines here are cut to one.
            var line = RandomLine(random, pieces, random.Next(0, 400));
            line = round % 4 == 0 ? line : line[..(line.Length / 64 * 64)];
            var longer = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, random.Next(line.Length, 900)).Select(_ => "0.A+1 :="[random.Next(8)])));
            string fresh = string.Empty;
            var thread = new Thread(() => fresh = Readings(line));
            thread.Start();
            thread.Join();
            _ = LineBits.Of(longer, LineBits.Reader.Gate);
            Assert.Equal(fresh, Readings(line));
        }
    }

    /// <summary>Pieces drawn at random until the line has <paramref name="length"/> characters or more, as UTF-8.</summary>
    private static byte[] RandomLine(Random random, string[] pieces, int length)
    {
        var text = new StringBuilder();
        while (text.Length < length)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>What every reader of the gate's bits of <paramref name="line"/> says, from every position.</summary>
    private static string Readings(byte[] line)
    {
        var bits = LineBits.Of(line, LineBits.Reader.Gate);
        var runs = bits.NumberRuns;
        var said = new StringBuilder().Append(bits.MayHoldIpv6Literal).Append('|');
        for (int p = 0; p <= line.Length; p++)
        {
            said.Append(bits.NextSeparator(p)).Append(',').Append(bits.NextAt(p)).Append(',').Append(bits.NextBackslash(p)).Append(',')
                .Append(bits.NextAnchor(p, colons: true)).Append(',').Append(bits.NextDottedQuad(p)).Append(',').Append(runs.Next(p)).Append(',')
                .Append(runs.NextQuadHint(p)).Append(',').Append(runs.NextPlus(p)).Append(',');
            if (p < line.Length)
            {
                said.Append(runs.IsStart(p)).Append(',').Append(runs.DigitCount(p, line.Length)).Append(',');
                if (line[p] is (byte)' ' or (byte)'.' or (byte)'-' or (byte)'+' || char.IsAsciiDigit((char)line[p]))
                {
                    said.Append(runs.RunEnd(p)).Append(',').Append(runs.MayHoldLongNumber(line, p, runs.RunEnd(p), runs.DigitCount(p, runs.RunEnd(p)))).Append(',');
                }

                if (line[p] == ':')
                {
                    bits.HexRunAround(p, out int start, out int end);
                    said.Append(start).Append('-').Append(end).Append(bits.MayHoldIpv6LiteralIn(start, end)).Append(',');
                }
            }

            said.Append(';');
        }

        return said.ToString();
    }

    [Fact]
    public void AFieldEndsAtTheNextSpaceWhereverItIs()
    {
        // The common log's fields are measured 16 bytes at a time, then searched: every length and start, with and without a space.
        var random = new Random(32);
        for (int round = 0; round < 5_000; round++)
        {
            var line = Enumerable.Range(0, random.Next(0, 80)).Select(_ => (byte)(random.Next(6) == 0 ? ' ' : 'a' + random.Next(3))).ToArray();
            for (int from = 0; from <= line.Length + 1; from++)
            {
                int space = from >= line.Length ? -1 : Array.IndexOf(line, (byte)' ', from);
                Assert.Equal(space < 0 ? -1 : space - from, AsciiClass.FieldLength(line, from));
            }
        }
    }

    [Fact]
    public void EachReaderKeepsItsOwnBits()
    {
        // The scrubber's passes and the gate run one after the other on one thread, each on its own line.
        var addresses = LineBits.Of("a=1"u8, LineBits.Reader.Addresses);
        var gate = LineBits.Of("x 1.2.3.4 y"u8, LineBits.Reader.Gate);
        Assert.Equal(1, addresses.NextSeparator(0));
        Assert.Equal(3, gate.NextDottedQuad(0));
        Assert.Equal(-1, gate.NextSeparator(0));
    }

    [Fact]
    public void TheColonsOfATimeAreNoSeparators()
    {
        var bits = LineBits.Of("[10/Oct/2000:13:55:36 -0700] rv:1 8:a a:9 =0 1=2"u8, LineBits.Reader.Gate);
        List<int> separators = [];
        for (int p = bits.NextSeparator(0); p >= 0; p = bits.NextSeparator(p + 1))
        {
            separators.Add(p);
        }

        // rv:1, 8:a, a:9, =0, 1=2: a colon with a digit on one side only is one.
        Assert.Equal([31, 35, 39, 42, 46], separators);
    }

    private static int Found(int index, int start) => index < 0 ? -1 : start + index;

    private static int First(int one, int other) => one < 0 ? other : other < 0 ? one : Math.Min(one, other);

    /// <summary>An '=' or '>', or a ':' without a digit on both sides.</summary>
    private static bool IsSeparator(byte[] line, int i) =>
        line[i] is (byte)'=' or (byte)'>' || (line[i] == ':' && !(i > 0 && char.IsAsciiDigit((char)line[i - 1]) && i + 1 < line.Length && char.IsAsciiDigit((char)line[i + 1])));

    private static bool IsHexColonOrDot(byte b) => char.IsAsciiHexDigit((char)b) || b is (byte)':' or (byte)'.';

    private static bool IsBetweenDigits(byte[] line, int i) =>
        i > 0 && i + 1 < line.Length && line[i] == '.' && char.IsAsciiDigit((char)line[i - 1]) && char.IsAsciiDigit((char)line[i + 1]);

    private static bool IsFirstDot(byte[] line, int i) =>
        IsBetweenDigits(line, i) && Enumerable.Range(i + 2, 3).Any(j => IsBetweenDigits(line, j) && Enumerable.Range(j + 2, 3).Any(k => IsBetweenDigits(line, k)));
}
