namespace Diagnostics.Pseudonymization.Tests;

/// <summary>
/// The vectorised pre-filter both the detectors and the gate rely on: it must mark exactly the positions a
/// plain byte-by-byte loop marks, on every length (block edges and tails) and every mix of bytes.
/// </summary>
public sealed class NumberRunsTests
{
    private const string Alphabet = "0123456789 .-+ABFRZaz:/\"[]\t@_é";

    [Fact]
    public void MarksTheSameStartsRunsAndDigitsAsAPlainLoop()
    {
        var random = new Random(97);
        for (int round = 0; round < 20_000; round++)
        {
            var line = System.Text.Encoding.UTF8.GetBytes(RandomLine(random, random.Next(0, 300)));
            var runs = LineBits.Of(line, LineBits.Reader.Gate).NumberRuns;
            var expected = Reference(line);
            for (int position = 0; position < line.Length; position++)
            {
                Assert.True(expected[position] == runs.IsStart(position), $"position {position} of \"{System.Text.Encoding.UTF8.GetString(line)}\"");
                int end = position;
                while (end < line.Length && IsRun(line[end]))
                {
                    end++;
                }

                Assert.Equal(end, runs.RunEnd(position));
                Assert.Equal(line.Skip(position).Take(end - position).Count(IsDigit), runs.DigitCount(position, end));
            }

            var listed = new List<int>();
            for (int c = runs.Next(0); c >= 0; c = runs.Next(c + 1))
            {
                listed.Add(c);
            }

            Assert.Equal(Enumerable.Range(0, line.Length).Where(p => expected[p]), listed);

            // Where an address spelled in a host name can be: a dash between digits, a digit after a letter.
            var hints = new List<int>();
            for (int h = runs.NextQuadHint(0); h >= 0; h = runs.NextQuadHint(h + 1))
            {
                hints.Add(h);
            }

            Assert.Equal(
                Enumerable.Range(0, line.Length).Where(p =>
                    (line[p] == '-' && p > 0 && p + 1 < line.Length && IsDigit(line[p - 1]) && IsDigit(line[p + 1]))
                    || (IsDigit(line[p]) && p > 0 && IsAsciiLetter(line[p - 1]) && DotAfterDigits(line, p))),
                hints);
        }
    }

    [Fact]
    public void ARunItSaysCannotHoldALongNumberHoldsNoPhoneCardOrIban()
    {
        // Runs shaped like numbers: groups of digits, '0' and '+' often, joiners, capitals and letters before them.
        const string Shapes = "0123456789000++  ..--FRGBab/=";
        var random = new Random(1313);
        int skipped = 0;
        int found = 0;
        for (int round = 0; round < 20_000; round++)
        {
            var chars = new char[random.Next(1, 160)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = random.Next(3) == 0 ? Shapes[random.Next(Shapes.Length)] : (char)('0' + random.Next(10));
            }

            var line = System.Text.Encoding.ASCII.GetBytes(chars);
            var runs = LineBits.Of(line, LineBits.Reader.Gate).NumberRuns;
            for (int start = 0; start < line.Length; start++)
            {
                int end = start;
                while (end < line.Length && IsRun(line[end]))
                {
                    end++;
                }

                if (end == start)
                {
                    continue;
                }

                int digits = line.Skip(start).Take(end - start).Count(IsDigit);
                bool may = runs.MayHoldLongNumber(line, start, end, digits);
                for (int p = start; p < end; p++)
                {
                    // Where the detectors and the gate judge a number: a digit or '+' not after a digit, '.' or '+'.
                    if (!(IsDigit(line[p]) || line[p] == '+') || (p > 0 && (IsDigit(line[p - 1]) || line[p - 1] is (byte)'.' or (byte)'+')))
                    {
                        continue;
                    }

                    bool any = PhoneNumbers.TryMatch(line, p, out _) || Cards.TryMatch(line, p, out _) || (p >= 2 && Ibans.TryMatch(line, p - 2, out _));
                    found += any ? 1 : 0;
                    Assert.False(any && !may, $"\"{System.Text.Encoding.ASCII.GetString(line)}\" from {start} to {end}: a number at {p}");
                }

                skipped += may ? 0 : 1;
            }
        }

        Assert.True(skipped > 100_000 && found > 1_000, $"{skipped} runs skipped, {found} numbers found");
    }

    private static bool DotAfterDigits(byte[] line, int p)
    {
        for (int k = 1; k <= 3 && p + k < line.Length; k++)
        {
            if (line[p + k] == '.')
            {
                return true;
            }

            if (!IsDigit(line[p + k]))
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsAsciiLetter(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';

    [Theory]
    [InlineData("card 4111 1111 1111 1111 ok", 4)]
    [InlineData("tel 06.12.34.56.78", 3)]
    [InlineData("iban FR7630006000011234567890189", 5)]
    [InlineData("GET /a 200 1 \"-\"", -1)]
    [InlineData("GET /a 200 12 \"-\"", 6)]
    public void FindsTheFirstPlaceANumberCanStart(string text, int first)
    {
        var line = System.Text.Encoding.ASCII.GetBytes(text);
        Assert.Equal(first, LineBits.Of(line, LineBits.Reader.Gate).NumberRuns.Next(0));
    }

    private static string RandomLine(Random random, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            // Long stretches of digits and joiners, so that runs of eight are common and cross block edges.
            chars[i] = random.Next(4) == 0 ? Alphabet[random.Next(Alphabet.Length)] : Alphabet[random.Next(15)];
        }

        return new string(chars);
    }

    private static bool IsRun(byte b) => b is >= (byte)'0' and <= (byte)'9' or (byte)' ' or (byte)'.' or (byte)'-' or (byte)'+';

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool[] Reference(byte[] line)
    {
        static bool IsCapital(byte b) => b is >= (byte)'A' and <= (byte)'Z';
        var marked = new bool[line.Length];
        for (int p = 0; p < line.Length; p++)
        {
            bool run = p + 8 <= line.Length;
            for (int k = 0; run && k < 8; k++)
            {
                run = IsRun(line[p + k]);
            }

            bool iban = p + 4 <= line.Length && IsCapital(line[p]) && IsCapital(line[p + 1]) && IsDigit(line[p + 2]) && IsDigit(line[p + 3]);
            marked[p] = run || iban;
        }

        return marked;
    }

    /// <summary>Every '+' that one to three digits follow, across blocks; a time zone and a number written whole are passed over.</summary>
    [Fact]
    public void FindsEachPlusBeforeACountryCode()
    {
        string text = "[10/Oct/2000:13:55:36 +0000] +14155552671 a+b +1 (415) " + new string('x', 60) + "+33 (0)6 12 34 56 78 +4";
        var line = System.Text.Encoding.ASCII.GetBytes(text);
        var runs = LineBits.Of(line, LineBits.Reader.Gate).NumberRuns;
        var found = new List<int>();
        for (int plus = runs.NextPlus(0); plus >= 0; plus = runs.NextPlus(plus + 1))
        {
            found.Add(plus);
        }

        Assert.Equal([text.IndexOf("+1 ", StringComparison.Ordinal), text.IndexOf("+33", StringComparison.Ordinal), text.Length - 2], found);
    }
}
