using System.Numerics;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// A vectorised pre-filter for the shape detectors: where a phone number, a card number or an IBAN can
/// start at all. Every one of them holds at least eight digits in a run of digits, spaces, dots, dashes
/// and '+' (eight bytes of that run in a row), or starts with two capital letters and two digits. A log
/// line holds many short numbers (a timestamp, a status, a size, versions) and usually neither shape, so
/// the detectors look at a few places per line instead of every digit. The whole line is classified once,
/// 64 bytes at a time (<see cref="LineBits"/>), into bitmaps of candidate starts, of run bytes and of digits; a
/// run with fewer than eight digits in all is skipped without looking at its bytes.
/// </summary>
internal readonly ref struct NumberRuns
{
    /// <summary>Bytes in a row, all digits or joiners, before a run can hold a long number.</summary>
    internal const int MinimumRun = 8;

    private const int Block = 64;

    private readonly ReadOnlySpan<ulong> _starts;
    private readonly ReadOnlySpan<ulong> _runs;
    private readonly ReadOnlySpan<ulong> _digits;
    private readonly ReadOnlySpan<ulong> _quadHints;
    private readonly int _length;

    internal NumberRuns(ReadOnlySpan<ulong> starts, ReadOnlySpan<ulong> runs, ReadOnlySpan<ulong> digits, ReadOnlySpan<ulong> quadHints, int length)
    {
        _starts = starts;
        _runs = runs;
        _digits = digits;
        _quadHints = quadHints;
        _length = length;
    }

    /// <summary>
    /// Derives the starts and the host-name quad hints from the masks of a line (<see cref="LineBits"/>), 64 bytes to a
    /// word, each with a zero word past the end: a start is a byte from which <see cref="MinimumRun"/> digits or joiners
    /// (<c>' ' . - +</c>) follow in a row, or two capital letters and two digits. Inside a long run every position is a
    /// start: callers go on from the end of the run. A quad hint is where an address spelled in a host name
    /// (<see cref="HostNameQuad"/>) can be: a dash between two digits, a digit after a letter with a dot after one to
    /// three digits.
    /// </summary>
    internal static void Derive(
        ReadOnlySpan<ulong> runs, ReadOnlySpan<ulong> digits, ReadOnlySpan<ulong> capitals, ReadOnlySpan<ulong> dashes, ReadOnlySpan<ulong> letters,
        ReadOnlySpan<ulong> dots, Span<ulong> starts, Span<ulong> quadHints, int words)
    {
        ulong digitCarry = 0;
        ulong letterCarry = 0;
        for (int w = 0; w < words; w++)
        {
            ulong digit = digits[w];
            ulong nextDigit = digits[w + 1];
            ulong dot = dots[w];
            ulong nextDot = dots[w + 1];
            ulong digitBefore = (digit << 1) | digitCarry;
            ulong digitAfter = (digit >> 1) | (nextDigit << 63);
            ulong letterBefore = (letters[w] << 1) | letterCarry;
            ulong dotAfter = (dot >> 1) | (nextDot << 63);
            ulong digitDotAfter = digitAfter & ((dot >> 2) | (nextDot << 62));
            ulong digitsDotAfter = digitAfter & ((digit >> 2) | (nextDigit << 62)) & ((dot >> 3) | (nextDot << 61));
            quadHints[w] = (dashes[w] & digitBefore & digitAfter) | (digit & letterBefore & (dotAfter | digitDotAfter | digitsDotAfter));
            digitCarry = digit >> 63;
            letterCarry = letters[w] >> 63;

            // Eight run bytes in a row from a position: the run ANDed with itself shifted by 1, then 2, then 4. The
            // next block's bits 0 to 6 are all a window starting in this block reaches.
            ulong run = runs[w];
            ulong nextRun = runs[w + 1];
            ulong two = run & ((run >> 1) | (nextRun << 63));
            ulong nextTwo = nextRun & (nextRun >> 1);
            ulong four = two & ((two >> 2) | (nextTwo << 62));
            ulong nextFour = nextTwo & (nextTwo >> 2);
            ulong eight = four & ((four >> 4) | (nextFour << 60));

            ulong capital = capitals[w];
            ulong iban = capital & ((capital >> 1) | (capitals[w + 1] << 63))
                & ((digit >> 2) | (nextDigit << 62)) & ((digit >> 3) | (nextDigit << 61));
            starts[w] = eight | iban;
        }
    }

    /// <summary>
    /// A number glued to a word by '_' or '-' (<c>blk_-6952295868487656571</c>, an HDFS block; <c>order-4111…</c>) is
    /// part of that word's identifier, not a card or a phone number of its own. A ']' counts as the end of a word: a
    /// removal marker may stand where a word was, so a '+' right after one is glued to it too. After an '@' it is the
    /// start of a domain (<c>a@4111111111111111.example</c>), which the e-mail rules judge whole. The scrubber and the
    /// gate both skip it.
    /// </summary>
    internal static bool IsGluedToWord(ReadOnlySpan<byte> line, int p) =>
        p > 0 && (line[p - 1] is (byte)'_' or (byte)'@' || (line[p - 1] == '-' && p >= 2 && (AsciiClass.IsWord(line[p - 2]) || line[p - 2] == ']'))
            || (line[p] == '+' && line[p - 1] == ']'));

    /// <summary>Whether <paramref name="position"/> is a start.</summary>
    internal bool IsStart(int position) => (_starts[position / Block] & (1UL << (position % Block))) != 0;

    /// <summary>The first start at or after <paramref name="from"/>; -1 when none.</summary>
    internal int Next(int from) => NextSet(_starts, from);

    /// <summary>The first dash between two digits, or digit after a letter and before a dot, at or after <paramref name="from"/>; -1 when none.</summary>
    internal int NextQuadHint(int from) => NextSet(_quadHints, from);

    private static int NextSet(ReadOnlySpan<ulong> bitmap, int from)
    {
        int w = from / Block;
        if (w >= bitmap.Length)
        {
            return -1;
        }

        ulong bits = bitmap[w] & (ulong.MaxValue << (from % Block));
        while (bits == 0)
        {
            if (++w >= bitmap.Length)
            {
                return -1;
            }

            bits = bitmap[w];
        }

        return (w * Block) + BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>The end of the run of digits and joiners that goes on at <paramref name="position"/>.</summary>
    internal int RunEnd(int position)
    {
        int w = position / Block;
        ulong stops = ~_runs[w] & (ulong.MaxValue << (position % Block));
        while (stops == 0)
        {
            stops = ~_runs[++w];
        }

        return Math.Min(_length, (w * Block) + BitOperations.TrailingZeroCount(stops));
    }

    /// <summary>How many digits there are from <paramref name="from"/> up to <paramref name="to"/>.</summary>
    internal int DigitCount(int from, int to)
    {
        int count = 0;
        for (int w = from / Block; w * Block < to; w++)
        {
            ulong bits = _digits[w];
            if (w == from / Block)
            {
                bits &= ulong.MaxValue << (from % Block);
            }

            int end = to - (w * Block);
            if (end < Block)
            {
                bits &= (1UL << end) - 1;
            }

            count += BitOperations.PopCount(bits);
        }

        return count;
    }
}
