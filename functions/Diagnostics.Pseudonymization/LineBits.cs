using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// One vectorised pass over a line that marks, 64 bytes to a word, its colons, its separators (every '=' and '>', the colons but a time's), its '@', '%' and '\' (where an
/// at-sign can be, plain, percent-encoded or a JSON escape), its runs of hex digits,
/// colons and dots (where an IPv6 literal can be), and the dots that may be the first dot of a dotted quad: a '.'
/// between two digits whose next such dot is two to four bytes further, and that one's next too (<c>1.2.3.4</c> to
/// <c>255.255.255.255</c>; a version such as <c>537.36</c> or <c>66.0.3359.158</c>, a domain or a path has none). The passes that stop at each of them (the detectors' named
/// values and the address pass, the gate's anchors and named values) step from one to the next by bit scans instead
/// of searching the line again at every stop. The same pass classifies the bytes <see cref="NumberRuns"/> reads
/// (digits, joiners, capitals, dashes, letters). What it marks is only where to look: the detectors' and the gate's
/// own rules judge it.
/// </summary>
internal readonly ref struct LineBits
{
    /// <summary>Where each bitmap's word is among the <see cref="Kinds"/> words of a block: one base address serves them all.</summary>
    internal const int Colons = 0;
    internal const int Separators = 1;
    internal const int Ats = 2;
    internal const int Digits = 3;
    internal const int Dots = 4;
    internal const int Runs = 5;
    internal const int Capitals = 6;
    internal const int Dashes = 7;
    internal const int Letters = 8;
    internal const int Quads = 9;
    internal const int Starts = 10;
    internal const int QuadHints = 11;
    internal const int HexRuns = 12;
    internal const int ZerosAndPluses = 13;
    internal const int PhoneStarts = 14;
    internal const int Backslashes = 15;
    internal const int Kinds = 16;

    private const int Block = 64;

    [ThreadStatic]
    private static ulong[]? _addresses;

    [ThreadStatic]
    private static ulong[]? _gate;

    /// <summary>Block by block, the <see cref="Kinds"/> words of each block; two zero blocks past the end.</summary>
    private readonly ReadOnlySpan<ulong> _masks;
    private readonly int _words;
    private readonly int _length;

    private LineBits(ReadOnlySpan<ulong> masks, int words, int length, bool countryPluses)
    {
        _masks = masks;
        _words = words;
        _length = length;
        NumberRuns = new NumberRuns(masks, words, length, countryPluses);
        MayHoldIpv6Literal = MayHoldIpv6LiteralIn(0, length);
    }

    /// <summary>
    /// Who reads the bits: each keeps them in a buffer of the calling thread's, until its own next line. The scrubber's
    /// context detectors and address pass share theirs when the line reaches the address pass unchanged.
    /// </summary>
    internal enum Reader
    {
        Addresses,
        Gate,
    }

    /// <summary>
    /// Whether the line has a <c>::</c> or six colons. Every IPv6 literal has one or the other (RFC 4291 §2.2: a <c>::</c>,
    /// or eight groups, or six and a dotted tail); a log line seldom does (a time has two colons, a URL one), and then no
    /// colon in it needs an IPv6 look.
    /// </summary>
    internal bool MayHoldIpv6Literal { get; }

    /// <summary>The line's <see cref="Pseudonymization.NumberRuns"/>, from the same pass.</summary>
    internal NumberRuns NumberRuns { get; }

    internal static LineBits Of(ReadOnlySpan<byte> line, Reader reader)
    {
        int words = (line.Length + Block - 1) / Block;
        int length = (words + 2) * Kinds;
        ref var buffer = ref reader == Reader.Addresses ? ref _addresses : ref _gate;
        if (buffer is null || buffer.Length < length)
        {
            buffer = new ulong[Math.Max(length, 256)];
        }

        var masks = buffer.AsSpan(0, length);
        masks[(words * Kinds)..].Clear();
        bool countryPluses = line.Length >= Block ? Classify(line, masks, words) : ClassifyShort(line, masks, words);
        return new LineBits(masks, words, line.Length, countryPluses);
    }

    /// <summary>A line shorter than a block, classified in a zeroed copy: a zero is none of the bytes marked.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ClassifyShort(ReadOnlySpan<byte> line, Span<ulong> masks, int words)
    {
        Span<byte> padded = stackalloc byte[Block];
        line.CopyTo(padded);
        return Classify(padded, masks, words);
    }

    /// <summary>
    /// Writes the masks of the <paramref name="words"/> blocks of <paramref name="bytes"/> (64 bytes at least) and the
    /// quads; returns whether a '+' of a country code is in the line (<see cref="NumberRuns.NextPlus"/>).
    /// </summary>
    private static bool Classify(ReadOnlySpan<byte> bytes, Span<ulong> masks, int words)
    {
        ref ulong masksStart = ref MemoryMarshal.GetReference(masks);
        ref byte first = ref MemoryMarshal.GetReference(bytes);
        // Whole blocks, then the last, partial one: the last 64 bytes, the bits of the block before shifted out.
        int whole = bytes.Length / Block;
        for (int w = 0; w < whole; w++)
        {
            Marks(ref Unsafe.Add(ref first, w * Block), 0, ref Unsafe.Add(ref masksStart, w * Kinds));
        }

        if (whole < words)
        {
            Marks(ref Unsafe.Add(ref first, bytes.Length - Block), (whole * Block) - (bytes.Length - Block), ref Unsafe.Add(ref masksStart, whole * Kinds));
        }

        ulong digitBefore = 0;
        ulong letterBefore = 0;
        ulong dotBefore = 0;
        ulong countryPluses = 0;
        for (int w = 0; w < words; w++)
        {
            // Dots between two digits, here and in the next block (its first few positions are all a quad here reaches);
            // such a dot with another two to four bytes on; then one with such a dot two to four bytes on.
            ref ulong word = ref Unsafe.Add(ref masksStart, w * Kinds);
            ref ulong next = ref Unsafe.Add(ref word, Kinds);
            ulong digits = Unsafe.Add(ref word, Digits);
            ulong nextDigits = Unsafe.Add(ref next, Digits);
            ulong betweenDigits = ((digits << 1) | digitBefore) & ((digits >> 1) | (nextDigits << 63));
            ulong between = Unsafe.Add(ref word, Dots) & betweenDigits;

            // The separators the named-value passes stop at: every '=' and '>' (an XML start tag's end), and the colons but
            // those of a time (12:34:56).
            Unsafe.Add(ref word, Separators) |= Unsafe.Add(ref word, Colons) & ~betweenDigits;
            ulong nextBetween = Unsafe.Add(ref next, Dots) & ((nextDigits << 1) | (digits >> 63)) & (nextDigits >> 1);
            ulong chained = between & Within2To4(between, nextBetween);
            ulong nextChained = nextBetween & Within2To4(nextBetween, 0);
            Unsafe.Add(ref word, Quads) = between & Within2To4(chained, nextChained);
            NumberRuns.Derive(ref word, digitBefore, letterBefore, dotBefore);
            countryPluses |= NumberRuns.CountryPluses(Unsafe.Add(ref word, ZerosAndPluses), digits, nextDigits);
            digitBefore = digits >> 63;
            letterBefore = Unsafe.Add(ref word, Letters) >> 63;
            dotBefore = Unsafe.Add(ref word, Dots) >> 63;
        }

        return countryPluses != 0;
    }

    /// <summary>
    /// The first '=', '>', or ':' not between two digits, at or after <paramref name="from"/>; -1 when none. Neither the
    /// detectors nor the gate read a key before a digit or a value after a colon that has one on each side (a time's).
    /// </summary>
    internal int NextSeparator(int from) => NextSet(_masks, _words, Separators, Separators, Separators, from);

    /// <summary>The first '\' at or after <paramref name="from"/>; -1 when none.</summary>
    internal int NextBackslash(int from) => NextSet(_masks, _words, Backslashes, Backslashes, Backslashes, from);

    /// <summary>The first '@', '%' or '\' (an at-sign may be encoded, <c>%40</c>, <c>\u0040</c>) at or after <paramref name="from"/>; -1 when none.</summary>
    internal int NextAt(int from) => NextSet(_masks, _words, Ats, Ats, Ats, from);

    /// <summary>
    /// The first '@', '%' or '\', first dot of a possible dotted quad, or ':' when <paramref name="colons"/>, at or after
    /// <paramref name="from"/>; -1 when none.
    /// </summary>
    internal int NextAnchor(int from, bool colons) => NextSet(_masks, _words, Ats, Quads, colons ? Colons : Ats, from);

    /// <summary>
    /// The run of hex digits, colons and dots around <paramref name="position"/> (one of them): its first byte and the
    /// byte after its last.
    /// </summary>
    internal void HexRunAround(int position, out int start, out int end)
    {
        ref ulong masks = ref MemoryMarshal.GetReference(_masks);
        int w = position / Block;
        ulong after = ~Unsafe.Add(ref masks, (w * Kinds) + HexRuns) & (ulong.MaxValue << (position % Block));
        while (after == 0)
        {
            // The zero blocks past the end stop it.
            after = ~Unsafe.Add(ref masks, (++w * Kinds) + HexRuns);
        }

        end = Math.Min(_length, (w * Block) + BitOperations.TrailingZeroCount(after));
        w = position / Block;
        ulong before = ~Unsafe.Add(ref masks, (w * Kinds) + HexRuns) & ((1UL << (position % Block)) - 1);
        while (before == 0 && w > 0)
        {
            before = ~Unsafe.Add(ref masks, (--w * Kinds) + HexRuns);
        }

        start = before == 0 ? 0 : (w * Block) + 64 - BitOperations.LeadingZeroCount(before);
    }

    /// <summary>Whether the bytes from <paramref name="start"/> up to <paramref name="end"/> have a <c>::</c> or six colons.</summary>
    internal bool MayHoldIpv6LiteralIn(int start, int end)
    {
        int colons = 0;
        ulong colonBefore = 0;
        for (int w = start / Block; w * Block < end; w++)
        {
            ulong bits = _masks[(w * Kinds) + Colons];
            if (w == start / Block)
            {
                bits &= ulong.MaxValue << (start % Block);
            }

            if (end - (w * Block) < Block)
            {
                bits &= (1UL << (end - (w * Block))) - 1;
            }

            colons += BitOperations.PopCount(bits);
            if (colons >= 6 || (bits & ((bits << 1) | colonBefore)) != 0)
            {
                return true;
            }

            colonBefore = bits >> 63;
        }

        return false;
    }

    /// <summary>The first dot at or after <paramref name="from"/> that may start a dotted quad's dots; -1 when none.</summary>
    internal int NextDottedQuad(int from) => NextSet(_masks, _words, Quads, Quads, Quads, from);

    /// <summary>The first position at or after <paramref name="from"/> set in bitmap <paramref name="one"/>, <paramref name="other"/> or <paramref name="third"/>; -1 when none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int NextSet(ReadOnlySpan<ulong> masks, int words, int one, int other, int third, int from)
    {
        // masks holds words blocks of Kinds words each (Of made it so): no index below goes past it.
        int w = Math.Max(from, 0) / Block;
        if (w >= words)
        {
            return -1;
        }

        ref ulong word = ref Unsafe.Add(ref MemoryMarshal.GetReference(masks), w * Kinds);
        ulong bits = (Unsafe.Add(ref word, one) | Unsafe.Add(ref word, other) | Unsafe.Add(ref word, third)) & (ulong.MaxValue << (Math.Max(from, 0) % Block));
        while (bits == 0)
        {
            if (++w >= words)
            {
                return -1;
            }

            word = ref Unsafe.Add(ref word, Kinds);
            bits = Unsafe.Add(ref word, one) | Unsafe.Add(ref word, other) | Unsafe.Add(ref word, third);
        }

        return (w * Block) + BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>Bit i: one of bits i + 2, i + 3, i + 4 of the 128-bit value (<paramref name="low"/>, <paramref name="high"/>) is set.</summary>
    private static ulong Within2To4(ulong low, ulong high) =>
        (low >> 2) | (high << 62) | (low >> 3) | (high << 61) | (low >> 4) | (high << 60);

    /// <summary>
    /// Writes the words of one block, shifted right by <paramref name="shift"/>: bit i of each says byte i is a colon, '=',
    /// '@' '%' or '\', a digit, a dot; a digit or a joiner of a long number (<c>' ' . - +</c>), a capital letter, a dash, a letter;
    /// a hex digit, colon or dot; a '0' or a '+'; a backslash. The widest vectors the machine has: each width keeps its masks in registers and
    /// stores each word once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Marks(ref byte block, int shift, ref ulong word)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Marks512(ref block, shift, ref word);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Marks256(ref block, shift, ref word);
        }
        else
        {
            Marks128(ref block, shift, ref word);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Marks512(ref byte block, int shift, ref ulong word)
    {
        var bytes = Vector512.LoadUnsafe(ref block);
        var digit = Vector512.LessThan(bytes - Vector512.Create((byte)'0'), Vector512.Create((byte)10));
        var dot = Vector512.Equals(bytes, Vector512.Create((byte)'.'));
        var dash = Vector512.Equals(bytes, Vector512.Create((byte)'-'));
        var colon = Vector512.Equals(bytes, Vector512.Create((byte)':'));
        var folded = (bytes | Vector512.Create((byte)0x20)) - Vector512.Create((byte)'a');
        var backslash = Vector512.Equals(bytes, Vector512.Create((byte)'\\'));
        Unsafe.Add(ref word, Colons) = colon.ExtractMostSignificantBits() >> shift;
        Unsafe.Add(ref word, Separators) = (Vector512.Equals(bytes, Vector512.Create((byte)'=')) | Vector512.Equals(bytes, Vector512.Create((byte)'>'))).ExtractMostSignificantBits() >> shift;
        Unsafe.Add(ref word, Ats) = (Vector512.Equals(bytes, Vector512.Create((byte)'@')) | Vector512.Equals(bytes, Vector512.Create((byte)'%')) | backslash).ExtractMostSignificantBits() >> shift;
        Unsafe.Add(ref word, Digits) = digit.ExtractMostSignificantBits() >> shift;
        Unsafe.Add(ref word, Dots) = dot.ExtractMostSignificantBits() >> shift;
        Unsafe.Add(ref word, Dashes) = dash.ExtractMostSignificantBits() >> shift;
        Unsafe.Add(ref word, Runs) = (digit | dot | dash | Vector512.Equals(bytes, Vector512.Create((byte)' '))
            | Vector512.Equals(bytes, Vector512.Create((byte)'+'))).ExtractMostSignificantBits() >> shift;
        Unsafe.Add(ref word, Capitals) = Vector512.LessThan(bytes - Vector512.Create((byte)'A'), Vector512.Create((byte)26)).ExtractMostSignificantBits() >> shift;
        Unsafe.Add(ref word, Letters) = Vector512.LessThan(folded, Vector512.Create((byte)26)).ExtractMostSignificantBits() >> shift;
        Unsafe.Add(ref word, HexRuns) = (digit | dot | colon | Vector512.LessThan(folded, Vector512.Create((byte)6))).ExtractMostSignificantBits() >> shift;
        Unsafe.Add(ref word, ZerosAndPluses) = (Vector512.Equals(bytes, Vector512.Create((byte)'0')) | Vector512.Equals(bytes, Vector512.Create((byte)'+')))
            .ExtractMostSignificantBits() >> shift;
        Unsafe.Add(ref word, Backslashes) = backslash.ExtractMostSignificantBits() >> shift;
    }

    /// <summary>The block as two halves of 32 bytes, each word joined from their two masks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Marks256(ref byte block, int shift, ref ulong word)
    {
        var low = Vector256.LoadUnsafe(ref block);
        var high = Vector256.LoadUnsafe(ref block, 32);
        var digitLow = Vector256.LessThan(low - Vector256.Create((byte)'0'), Vector256.Create((byte)10));
        var digitHigh = Vector256.LessThan(high - Vector256.Create((byte)'0'), Vector256.Create((byte)10));
        var dotLow = Vector256.Equals(low, Vector256.Create((byte)'.'));
        var dotHigh = Vector256.Equals(high, Vector256.Create((byte)'.'));
        var dashLow = Vector256.Equals(low, Vector256.Create((byte)'-'));
        var dashHigh = Vector256.Equals(high, Vector256.Create((byte)'-'));
        var colonLow = Vector256.Equals(low, Vector256.Create((byte)':'));
        var colonHigh = Vector256.Equals(high, Vector256.Create((byte)':'));
        var foldedLow = (low | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a');
        var foldedHigh = (high | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a');
        var backslashLow = Vector256.Equals(low, Vector256.Create((byte)'\\'));
        var backslashHigh = Vector256.Equals(high, Vector256.Create((byte)'\\'));
        Unsafe.Add(ref word, Colons) = Join(colonLow, colonHigh) >> shift;
        Unsafe.Add(ref word, Separators) = Join(
            Vector256.Equals(low, Vector256.Create((byte)'=')) | Vector256.Equals(low, Vector256.Create((byte)'>')),
            Vector256.Equals(high, Vector256.Create((byte)'=')) | Vector256.Equals(high, Vector256.Create((byte)'>'))) >> shift;
        Unsafe.Add(ref word, Ats) = Join(
            Vector256.Equals(low, Vector256.Create((byte)'@')) | Vector256.Equals(low, Vector256.Create((byte)'%')) | backslashLow,
            Vector256.Equals(high, Vector256.Create((byte)'@')) | Vector256.Equals(high, Vector256.Create((byte)'%')) | backslashHigh) >> shift;
        Unsafe.Add(ref word, Digits) = Join(digitLow, digitHigh) >> shift;
        Unsafe.Add(ref word, Dots) = Join(dotLow, dotHigh) >> shift;
        Unsafe.Add(ref word, Dashes) = Join(dashLow, dashHigh) >> shift;
        Unsafe.Add(ref word, Runs) = Join(
            digitLow | dotLow | dashLow | Vector256.Equals(low, Vector256.Create((byte)' ')) | Vector256.Equals(low, Vector256.Create((byte)'+')),
            digitHigh | dotHigh | dashHigh | Vector256.Equals(high, Vector256.Create((byte)' ')) | Vector256.Equals(high, Vector256.Create((byte)'+'))) >> shift;
        Unsafe.Add(ref word, Capitals) = Join(
            Vector256.LessThan(low - Vector256.Create((byte)'A'), Vector256.Create((byte)26)),
            Vector256.LessThan(high - Vector256.Create((byte)'A'), Vector256.Create((byte)26))) >> shift;
        Unsafe.Add(ref word, Letters) = Join(Vector256.LessThan(foldedLow, Vector256.Create((byte)26)), Vector256.LessThan(foldedHigh, Vector256.Create((byte)26))) >> shift;
        Unsafe.Add(ref word, HexRuns) = Join(
            digitLow | dotLow | colonLow | Vector256.LessThan(foldedLow, Vector256.Create((byte)6)),
            digitHigh | dotHigh | colonHigh | Vector256.LessThan(foldedHigh, Vector256.Create((byte)6))) >> shift;
        Unsafe.Add(ref word, ZerosAndPluses) = Join(
            Vector256.Equals(low, Vector256.Create((byte)'0')) | Vector256.Equals(low, Vector256.Create((byte)'+')),
            Vector256.Equals(high, Vector256.Create((byte)'0')) | Vector256.Equals(high, Vector256.Create((byte)'+'))) >> shift;
        Unsafe.Add(ref word, Backslashes) = Join(backslashLow, backslashHigh) >> shift;
    }

    /// <summary>The block as four quarters of 16 bytes, each quarter's masks shifted into place in registers.</summary>
    internal static void Marks128(ref byte block, int shift, ref ulong word)
    {
        ulong colons = 0, separators = 0, ats = 0, digits = 0, dots = 0, dashes = 0, runs = 0, capitals = 0, letters = 0, hexRuns = 0, zerosAndPluses = 0, backslashes = 0;
        for (int part = 0; part < Block; part += 16)
        {
            var bytes = Vector128.LoadUnsafe(ref block, (nuint)part);
            var digit = Vector128.LessThan(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
            var dot = Vector128.Equals(bytes, Vector128.Create((byte)'.'));
            var dash = Vector128.Equals(bytes, Vector128.Create((byte)'-'));
            var colon = Vector128.Equals(bytes, Vector128.Create((byte)':'));
            var folded = (bytes | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a');
            colons |= (ulong)colon.ExtractMostSignificantBits() << part;
            separators |= (ulong)(Vector128.Equals(bytes, Vector128.Create((byte)'=')) | Vector128.Equals(bytes, Vector128.Create((byte)'>'))).ExtractMostSignificantBits() << part;
            var backslash = Vector128.Equals(bytes, Vector128.Create((byte)'\\'));
            ats |= (ulong)(Vector128.Equals(bytes, Vector128.Create((byte)'@')) | Vector128.Equals(bytes, Vector128.Create((byte)'%')) | backslash).ExtractMostSignificantBits() << part;
            digits |= (ulong)digit.ExtractMostSignificantBits() << part;
            dots |= (ulong)dot.ExtractMostSignificantBits() << part;
            dashes |= (ulong)dash.ExtractMostSignificantBits() << part;
            runs |= (ulong)(digit | dot | dash | Vector128.Equals(bytes, Vector128.Create((byte)' '))
                | Vector128.Equals(bytes, Vector128.Create((byte)'+'))).ExtractMostSignificantBits() << part;
            capitals |= (ulong)Vector128.LessThan(bytes - Vector128.Create((byte)'A'), Vector128.Create((byte)26)).ExtractMostSignificantBits() << part;
            letters |= (ulong)Vector128.LessThan(folded, Vector128.Create((byte)26)).ExtractMostSignificantBits() << part;
            hexRuns |= (ulong)(digit | dot | colon | Vector128.LessThan(folded, Vector128.Create((byte)6))).ExtractMostSignificantBits() << part;
            zerosAndPluses |= (ulong)(Vector128.Equals(bytes, Vector128.Create((byte)'0')) | Vector128.Equals(bytes, Vector128.Create((byte)'+')))
                .ExtractMostSignificantBits() << part;
            backslashes |= (ulong)backslash.ExtractMostSignificantBits() << part;
        }

        Unsafe.Add(ref word, Colons) = colons >> shift;
        Unsafe.Add(ref word, Separators) = separators >> shift;
        Unsafe.Add(ref word, Ats) = ats >> shift;
        Unsafe.Add(ref word, Digits) = digits >> shift;
        Unsafe.Add(ref word, Dots) = dots >> shift;
        Unsafe.Add(ref word, Dashes) = dashes >> shift;
        Unsafe.Add(ref word, Runs) = runs >> shift;
        Unsafe.Add(ref word, Capitals) = capitals >> shift;
        Unsafe.Add(ref word, Letters) = letters >> shift;
        Unsafe.Add(ref word, HexRuns) = hexRuns >> shift;
        Unsafe.Add(ref word, ZerosAndPluses) = zerosAndPluses >> shift;
        Unsafe.Add(ref word, Backslashes) = backslashes >> shift;
    }

    private static ulong Join(Vector256<byte> low, Vector256<byte> high) => low.ExtractMostSignificantBits() | ((ulong)high.ExtractMostSignificantBits() << 32);
}
