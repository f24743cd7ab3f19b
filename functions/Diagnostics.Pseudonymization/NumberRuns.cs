using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// A vectorised pre-filter for the shape detectors: where a phone number, a card number or an IBAN can
/// start at all. Every one of them holds at least eight digits in a run of digits, spaces, dots, dashes
/// and '+' (eight bytes of that run in a row), or starts with two capital letters and two digits. A log
/// line holds many short numbers (a timestamp, a status, a size, versions) and usually neither shape, so
/// the detectors look at a few places per line instead of every digit. The whole line is classified once,
/// 64 bytes at a time, into bitmaps of candidate starts, of run bytes and of digits; a run with fewer than
/// eight digits in all is skipped without looking at its bytes.
/// </summary>
internal readonly ref struct NumberRuns
{
    /// <summary>Bytes in a row, all digits or joiners, before a run can hold a long number.</summary>
    internal const int MinimumRun = 8;

    private const int Block = 64;

    [ThreadStatic]
    private static ulong[]? _buffer;

    private readonly ReadOnlySpan<ulong> _starts;
    private readonly ReadOnlySpan<ulong> _runs;
    private readonly ReadOnlySpan<ulong> _digits;
    private readonly ReadOnlySpan<ulong> _quadHints;
    private readonly int _length;

    private NumberRuns(ReadOnlySpan<ulong> starts, ReadOnlySpan<ulong> runs, ReadOnlySpan<ulong> digits, ReadOnlySpan<ulong> quadHints, int length)
    {
        _starts = starts;
        _runs = runs;
        _digits = digits;
        _quadHints = quadHints;
        _length = length;
    }

    /// <summary>
    /// Classifies <paramref name="line"/>: a start is a byte from which <see cref="MinimumRun"/> digits or
    /// joiners (<c>' ' . - +</c>) follow in a row, or two capital letters and two digits. Inside a long run
    /// every position is a start: callers go on from the end of the run. The same pass marks where an address
    /// spelled in a host name (<see cref="HostNameQuad"/>) can be: a dash between two digits, a digit after a letter
    /// with a dot after one to three digits.
    /// The bitmaps live in a buffer of the calling thread's that the next call overwrites.
    /// </summary>
    internal static NumberRuns Classify(ReadOnlySpan<byte> line)
    {
        int words = (line.Length + Block - 1) / Block;
        int stride = words + 1;
        var buffer = _buffer;
        if (buffer is null || buffer.Length < 4 * stride)
        {
            buffer = _buffer = new ulong[Math.Max(4 * stride, 256)];
        }

        // One word past the end in the runs and digits: zero, so that runs stop at the end of the line.
        var starts = buffer.AsSpan(0, words);
        var runs = buffer.AsSpan(stride, stride);
        var digits = buffer.AsSpan(2 * stride, stride);
        var quadHints = buffer.AsSpan(3 * stride, words);
        runs[words] = 0;
        digits[words] = 0;

        // Each block's masks are computed once, a block ahead of the one whose starts need the bytes after it.
        Span<byte> tail = stackalloc byte[Block];
        ulong run = 0, digit = 0, capital = 0, dash = 0, letter = 0, dot = 0;
        if (words > 0)
        {
            BlockMasks(line, 0, tail, out run, out digit, out capital, out dash, out letter, out dot);
        }

        ulong digitCarry = 0;
        ulong letterCarry = 0;
        for (int w = 0; w < words; w++)
        {
            ulong nextRun = 0, nextDigit = 0, nextCapital = 0, nextDash = 0, nextLetter = 0, nextDot = 0;
            if (w + 1 < words)
            {
                BlockMasks(line, w + 1, tail, out nextRun, out nextDigit, out nextCapital, out nextDash, out nextLetter, out nextDot);
            }

            runs[w] = run;
            digits[w] = digit;
            ulong digitBefore = (digit << 1) | digitCarry;
            ulong digitAfter = (digit >> 1) | (nextDigit << 63);
            ulong letterBefore = (letter << 1) | letterCarry;
            ulong dotAfter = (dot >> 1) | (nextDot << 63);
            ulong digitDotAfter = digitAfter & ((dot >> 2) | (nextDot << 62));
            ulong digitsDotAfter = digitAfter & ((digit >> 2) | (nextDigit << 62)) & ((dot >> 3) | (nextDot << 61));
            quadHints[w] = (dash & digitBefore & digitAfter) | (digit & letterBefore & (dotAfter | digitDotAfter | digitsDotAfter));
            digitCarry = digit >> 63;
            letterCarry = letter >> 63;

            // Eight run bytes in a row from a position: the run ANDed with itself shifted by 1, then 2, then 4. The
            // next block's bits 0 to 6 are all a window starting in this block reaches.
            ulong two = run & ((run >> 1) | (nextRun << 63));
            ulong nextTwo = nextRun & (nextRun >> 1);
            ulong four = two & ((two >> 2) | (nextTwo << 62));
            ulong nextFour = nextTwo & (nextTwo >> 2);
            ulong eight = four & ((four >> 4) | (nextFour << 60));

            ulong iban = capital & ((capital >> 1) | (nextCapital << 63))
                & ((digit >> 2) | (nextDigit << 62)) & ((digit >> 3) | (nextDigit << 61));
            starts[w] = eight | iban;
            (run, digit, capital, dash, letter, dot) = (nextRun, nextDigit, nextCapital, nextDash, nextLetter, nextDot);
        }

        return new NumberRuns(starts, runs, digits, quadHints, line.Length);
    }

    /// <summary>
    /// The masks of block <paramref name="block"/> of the line. The last block, when partial, is read from the last 64
    /// bytes of the line with the bits of the block before shifted out, or, in a line shorter than a block, from a
    /// zeroed copy in <paramref name="tail"/>: a zero is neither a digit, a joiner nor a letter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BlockMasks(
        ReadOnlySpan<byte> line, int block, Span<byte> tail, out ulong run, out ulong digits, out ulong capitals, out ulong dashes, out ulong letters, out ulong dots)
    {
        int start = block * Block;
        ref byte first = ref MemoryMarshal.GetReference(line);
        if (start + Block <= line.Length)
        {
            Masks(ref first, start, out run, out digits, out capitals, out dashes, out letters, out dots);
            return;
        }

        if (line.Length >= Block)
        {
            int from = line.Length - Block;
            Masks(ref first, from, out run, out digits, out capitals, out dashes, out letters, out dots);
            int shift = start - from;
            (run, digits, capitals, dashes, letters, dots) = (run >> shift, digits >> shift, capitals >> shift, dashes >> shift, letters >> shift, dots >> shift);
            return;
        }

        tail.Clear();
        line.CopyTo(tail);
        Masks(ref MemoryMarshal.GetReference(tail), 0, out run, out digits, out capitals, out dashes, out letters, out dots);
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

    /// <summary>Bit i: byte i of the block is a digit or a joiner, a digit, a capital letter, a dash, a letter, a dot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Masks(ref byte start, int offset, out ulong run, out ulong digits, out ulong capitals, out ulong dashes, out ulong letters, out ulong dots)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var bytes = Vector512.LoadUnsafe(ref start, (nuint)offset);
            var digit = Vector512.LessThan(bytes - Vector512.Create((byte)'0'), Vector512.Create((byte)10));
            var dash = Vector512.Equals(bytes, Vector512.Create((byte)'-'));
            var dot = Vector512.Equals(bytes, Vector512.Create((byte)'.'));
            var joiner = Vector512.Equals(bytes, Vector512.Create((byte)' ')) | dot | dash | Vector512.Equals(bytes, Vector512.Create((byte)'+'));
            run = (digit | joiner).ExtractMostSignificantBits();
            digits = digit.ExtractMostSignificantBits();
            capitals = Vector512.LessThan(bytes - Vector512.Create((byte)'A'), Vector512.Create((byte)26)).ExtractMostSignificantBits();
            dashes = dash.ExtractMostSignificantBits();
            letters = Vector512.LessThan((bytes | Vector512.Create((byte)0x20)) - Vector512.Create((byte)'a'), Vector512.Create((byte)26)).ExtractMostSignificantBits();
            dots = dot.ExtractMostSignificantBits();
            return;
        }

        run = 0;
        digits = 0;
        capitals = 0;
        dashes = 0;
        letters = 0;
        dots = 0;
        for (int part = 0; part < Block / 16; part++)
        {
            var bytes = Vector128.LoadUnsafe(ref start, (nuint)(offset + (part * 16)));
            var digit = Vector128.LessThan(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
            var dash = Vector128.Equals(bytes, Vector128.Create((byte)'-'));
            var dot = Vector128.Equals(bytes, Vector128.Create((byte)'.'));
            var joiner = Vector128.Equals(bytes, Vector128.Create((byte)' ')) | dot | dash | Vector128.Equals(bytes, Vector128.Create((byte)'+'));
            var capital = Vector128.LessThan(bytes - Vector128.Create((byte)'A'), Vector128.Create((byte)26));
            var letter = Vector128.LessThan((bytes | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)26));
            int shift = part * 16;
            run |= (ulong)(digit | joiner).ExtractMostSignificantBits() << shift;
            digits |= (ulong)digit.ExtractMostSignificantBits() << shift;
            capitals |= (ulong)capital.ExtractMostSignificantBits() << shift;
            dashes |= (ulong)dash.ExtractMostSignificantBits() << shift;
            dots |= (ulong)dot.ExtractMostSignificantBits() << shift;
            letters |= (ulong)letter.ExtractMostSignificantBits() << shift;
        }
    }
}
