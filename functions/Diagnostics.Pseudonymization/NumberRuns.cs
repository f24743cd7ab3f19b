using System.Numerics;
using System.Runtime.CompilerServices;

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

    /// <summary>The masks of <see cref="LineBits"/>: <see cref="LineBits.Kinds"/> words per block.</summary>
    private readonly ReadOnlySpan<ulong> _masks;
    private readonly int _words;
    private readonly int _length;

    /// <summary>Whether the line has a '+' of a country code at all (<see cref="CountryPluses"/>): most have none.</summary>
    private readonly bool _countryPluses;

    internal NumberRuns(ReadOnlySpan<ulong> masks, int words, int length, bool countryPluses)
    {
        _masks = masks;
        _words = words;
        _length = length;
        _countryPluses = countryPluses;
    }

    /// <summary>
    /// Derives the starts, the host-name quad hints and the phone starts of one block of a line's masks (<see cref="LineBits"/>,
    /// which calls it block by block; the next block's words follow, and the carries are the last bits of the block
    /// before): a start is a byte from which <see cref="MinimumRun"/> digits or joiners (<c>' ' . - +</c>) follow in
    /// a row, or two capital letters and two digits. Inside a long run every position is a start: callers go on from the
    /// end of the run. A quad hint is where an address spelled in a host name (<see cref="HostNameQuad"/>) can be: a dash
    /// between two digits, a digit after a letter with a dot after one to three digits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Derive(ref ulong word, ulong digitCarry, ulong letterCarry, ulong dotCarry)
    {
        const int Next = LineBits.Kinds;
        ulong digit = Unsafe.Add(ref word, LineBits.Digits);
        ulong nextDigit = Unsafe.Add(ref word, Next + LineBits.Digits);
        ulong dot = Unsafe.Add(ref word, LineBits.Dots);
        ulong nextDot = Unsafe.Add(ref word, Next + LineBits.Dots);
        ulong letters = Unsafe.Add(ref word, LineBits.Letters);
        ulong digitBefore = (digit << 1) | digitCarry;
        ulong digitAfter = (digit >> 1) | (nextDigit << 63);
        ulong letterBefore = (letters << 1) | letterCarry;
        ulong dotAfter = (dot >> 1) | (nextDot << 63);
        ulong digitDotAfter = digitAfter & ((dot >> 2) | (nextDot << 62));
        ulong digitsDotAfter = digitAfter & ((digit >> 2) | (nextDigit << 62)) & ((dot >> 3) | (nextDot << 61));
        Unsafe.Add(ref word, LineBits.QuadHints) = (Unsafe.Add(ref word, LineBits.Dashes) & digitBefore & digitAfter)
            | (digit & letterBefore & (dotAfter | digitDotAfter | digitsDotAfter));

        // Eight run bytes in a row from a position: the run ANDed with itself shifted by 1, then 2, then 4. The
        // next block's bits 0 to 6 are all a window starting in this block reaches.
        ulong run = Unsafe.Add(ref word, LineBits.Runs);
        ulong nextRun = Unsafe.Add(ref word, Next + LineBits.Runs);
        ulong two = run & ((run >> 1) | (nextRun << 63));
        ulong nextTwo = nextRun & (nextRun >> 1);
        ulong four = two & ((two >> 2) | (nextTwo << 62));
        ulong nextFour = nextTwo & (nextTwo >> 2);
        ulong eight = four & ((four >> 4) | (nextFour << 60));

        // Where a phone number can start: a '+', or a '0' before a digit from 1 to 9 that starts a number.
        ulong zerosAndPluses = Unsafe.Add(ref word, LineBits.ZerosAndPluses);
        ulong nonZeroAfter = digitAfter & ~((zerosAndPluses >> 1) | (Unsafe.Add(ref word, Next + LineBits.ZerosAndPluses) << 63));
        ulong dotBefore = (dot << 1) | dotCarry;
        Unsafe.Add(ref word, LineBits.PhoneStarts) = (zerosAndPluses & ~digit) | (zerosAndPluses & digit & nonZeroAfter & ~digitBefore & ~dotBefore);

        ulong capital = Unsafe.Add(ref word, LineBits.Capitals);
        ulong iban = capital & ((capital >> 1) | (Unsafe.Add(ref word, Next + LineBits.Capitals) << 63))
            & ((digit >> 2) | (nextDigit << 62)) & ((digit >> 3) | (nextDigit << 61));
        Unsafe.Add(ref word, LineBits.Starts) = eight | iban;
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

    /// <summary>
    /// Whether the run of digits and joiners from <paramref name="start"/> to <paramref name="end"/>, with
    /// <paramref name="digits"/> digits, can hold a card, a phone number or the digits of an IBAN at all: a card has
    /// <see cref="Cards.MinimumDigits"/> digits; a phone number starts with '+', or with '0' and a digit from 1 to 9 as
    /// the first digit of a number (not after a digit or a dot); an IBAN's digits follow its letters. A status and a
    /// size (<c>200 203023</c>) or a version (<c>32.0.1700.77</c>) has none of these, and is not looked at number by number.
    /// </summary>
    internal bool MayHoldLongNumber(ReadOnlySpan<byte> line, int start, int end, int digits)
    {
        if (digits >= Cards.MinimumDigits || (start > 0 && AsciiClass.IsLetter(line[start - 1])))
        {
            return true;
        }

        int next = LineBits.NextSet(_masks, _words, LineBits.PhoneStarts, LineBits.PhoneStarts, LineBits.PhoneStarts, start);
        return next >= 0 && next < end;
    }

    /// <summary>
    /// The first '+' at or after <paramref name="from"/> that one to three digits follow, as a country code: a time zone
    /// (<c>+0000</c>, in every line of a common log) and a number written whole are not looked at again; -1 when none.
    /// </summary>
    internal int NextPlus(int from)
    {
        int w = from / Block;
        if (!_countryPluses || w >= _words)
        {
            return -1;
        }

        ulong bits = Pluses(w) & (ulong.MaxValue << (from % Block));
        while (bits == 0)
        {
            if (++w >= _words)
            {
                return -1;
            }

            bits = Pluses(w);
        }

        return (w * Block) + BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>The '+' of block <paramref name="w"/> that one to three digits follow (two zero blocks follow the last).</summary>
    private ulong Pluses(int w)
    {
        int word = w * LineBits.Kinds;
        return CountryPluses(_masks[word + LineBits.ZerosAndPluses], _masks[word + LineBits.Digits], _masks[word + LineBits.Kinds + LineBits.Digits]);
    }

    /// <summary>
    /// The '+' of a block that one to three digits follow, from its '0'-and-'+' and digit masks and the next block's
    /// digits: a country code's, not a time zone's (<c>+0000</c>) or a number's written whole.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong CountryPluses(ulong zerosAndPluses, ulong digits, ulong nextDigits)
    {
        ulong first = (digits >> 1) | (nextDigits << 63);
        ulong four = first & ((digits >> 2) | (nextDigits << 62)) & ((digits >> 3) | (nextDigits << 61)) & ((digits >> 4) | (nextDigits << 60));
        return zerosAndPluses & ~digits & first & ~four;
    }

    /// <summary>Whether <paramref name="position"/> is a start.</summary>
    internal bool IsStart(int position) => (_masks[((position / Block) * LineBits.Kinds) + LineBits.Starts] & (1UL << (position % Block))) != 0;

    /// <summary>The first start at or after <paramref name="from"/>; -1 when none.</summary>
    internal int Next(int from) => LineBits.NextSet(_masks, _words, LineBits.Starts, LineBits.Starts, LineBits.Starts, from);

    /// <summary>The first dash between two digits, or digit after a letter and before a dot, at or after <paramref name="from"/>; -1 when none.</summary>
    internal int NextQuadHint(int from) => LineBits.NextSet(_masks, _words, LineBits.QuadHints, LineBits.QuadHints, LineBits.QuadHints, from);

    /// <summary>The end of the run of digits and joiners that goes on at <paramref name="position"/>.</summary>
    internal int RunEnd(int position)
    {
        int w = position / Block;
        ulong stops = ~_masks[(w * LineBits.Kinds) + LineBits.Runs] & (ulong.MaxValue << (position % Block));
        while (stops == 0)
        {
            stops = ~_masks[(++w * LineBits.Kinds) + LineBits.Runs];
        }

        return Math.Min(_length, (w * Block) + BitOperations.TrailingZeroCount(stops));
    }

    /// <summary>How many digits there are from <paramref name="from"/> up to <paramref name="to"/>.</summary>
    internal int DigitCount(int from, int to)
    {
        int count = 0;
        for (int w = from / Block; w * Block < to; w++)
        {
            ulong bits = _masks[(w * LineBits.Kinds) + LineBits.Digits];
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
