using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// One vectorised pass over a line that marks, 64 bytes to a word, its colons, its '=' and '@', and the dots that may
/// be the first dot of a dotted quad: a '.' between two digits whose next such dot is two to four bytes further, and
/// that one's next too (<c>1.2.3.4</c> to <c>255.255.255.255</c>; a version such as <c>537.36</c> or
/// <c>66.0.3359.158</c>, a domain or a path has none). The passes that stop at each of them (the detectors' named
/// values and the address pass, the gate's anchors and named values) step from one to the next by bit scans instead
/// of searching the line again at every stop. The same pass classifies the bytes <see cref="NumberRuns"/> reads
/// (digits, joiners, capitals, dashes, letters). What it marks is only where to look: the detectors' and the gate's
/// own rules judge it.
/// </summary>
internal readonly ref struct LineBits
{
    private const int Block = 64;

    [ThreadStatic]
    private static ulong[]? _addresses;

    [ThreadStatic]
    private static ulong[]? _gate;

    private readonly ReadOnlySpan<ulong> _colons;
    private readonly ReadOnlySpan<ulong> _equals;
    private readonly ReadOnlySpan<ulong> _ats;
    private readonly ReadOnlySpan<ulong> _quads;

    private LineBits(ReadOnlySpan<ulong> colons, ReadOnlySpan<ulong> equals, ReadOnlySpan<ulong> ats, ReadOnlySpan<ulong> quads, bool mayHoldIpv6Literal, NumberRuns runs)
    {
        Runs = runs;
        _colons = colons;
        _equals = equals;
        _ats = ats;
        _quads = quads;
        MayHoldIpv6Literal = mayHoldIpv6Literal;
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

    /// <summary>Whether the line has a <c>::</c> or six colons, as every IPv6 literal has (<see cref="Ipv6Text.MayHoldLiteral"/>).</summary>
    internal bool MayHoldIpv6Literal { get; }

    /// <summary>The line's <see cref="NumberRuns"/>, from the same pass.</summary>
    internal NumberRuns Runs { get; }

    internal static LineBits Of(ReadOnlySpan<byte> line, Reader reader)
    {
        const int Bitmaps = 12;
        int words = (line.Length + Block - 1) / Block;

        // Every bitmap has two words past the end, zero, for the look-ahead of quads and runs.
        int stride = words + 2;
        ref var buffer = ref reader == Reader.Addresses ? ref _addresses : ref _gate;
        if (buffer is null || buffer.Length < Bitmaps * stride)
        {
            buffer = new ulong[Math.Max(Bitmaps * stride, 256)];
        }

        var all = buffer.AsSpan(0, Bitmaps * stride);
        var colons = all.Slice(0, stride);
        var equals = all.Slice(stride, stride);
        var ats = all.Slice(2 * stride, stride);
        var digits = all.Slice(3 * stride, stride);
        var dots = all.Slice(4 * stride, stride);
        var runs = all.Slice(5 * stride, stride);
        var capitals = all.Slice(6 * stride, stride);
        var dashes = all.Slice(7 * stride, stride);
        var letters = all.Slice(8 * stride, stride);
        var quads = all.Slice(9 * stride, stride);
        var starts = all.Slice(10 * stride, stride);
        var quadHints = all.Slice(11 * stride, stride);
        for (int k = 0; k < Bitmaps; k++)
        {
            all.Slice((k * stride) + words, 2).Clear();
        }

        ref byte first = ref MemoryMarshal.GetReference(line);
        Span<byte> padded = stackalloc byte[Block];
        int colonCount = 0;
        ulong colonBefore = 0;
        bool doubleColon = false;
        for (int w = 0; w < words; w++)
        {
            int start = w * Block;
            int shift = 0;
            scoped ref byte block = ref first;
            if (start + Block <= line.Length)
            {
                block = ref Unsafe.Add(ref first, start);
            }
            else if (line.Length >= Block)
            {
                // The last, partial block: the last 64 bytes of the line, the bits of the block before shifted out.
                block = ref Unsafe.Add(ref first, line.Length - Block);
                shift = start - (line.Length - Block);
            }
            else
            {
                // A line shorter than a block, in a zeroed copy: a zero is none of the bytes marked.
                padded.Clear();
                line.CopyTo(padded);
                block = ref MemoryMarshal.GetReference(padded);
            }

            Marks(ref block, out ulong colon, out ulong equal, out ulong at, out ulong digit, out ulong dot, out ulong run, out ulong capital, out ulong dash, out ulong letter);
            (colons[w], equals[w], ats[w], digits[w], dots[w]) = (colon >> shift, equal >> shift, at >> shift, digit >> shift, dot >> shift);
            (runs[w], capitals[w], dashes[w], letters[w]) = (run >> shift, capital >> shift, dash >> shift, letter >> shift);
            colonCount += BitOperations.PopCount(colons[w]);
            doubleColon |= (colons[w] & ((colons[w] << 1) | colonBefore)) != 0;
            colonBefore = colons[w] >> 63;
        }

        ulong digitBefore = 0;
        for (int w = 0; w < words; w++)
        {
            // Dots between two digits, here and in the next block (its first few positions are all a quad here reaches);
            // such a dot with another two to four bytes on; then one with such a dot two to four bytes on.
            ulong between = dots[w] & ((digits[w] << 1) | digitBefore) & ((digits[w] >> 1) | (digits[w + 1] << 63));
            ulong nextBetween = dots[w + 1] & ((digits[w + 1] << 1) | (digits[w] >> 63)) & (digits[w + 1] >> 1);
            ulong chained = between & Within2To4(between, nextBetween);
            ulong nextChained = nextBetween & Within2To4(nextBetween, 0);
            quads[w] = between & Within2To4(chained, nextChained);
            digitBefore = digits[w] >> 63;
        }

        NumberRuns.Derive(runs, digits, capitals, dashes, letters, dots, starts, quadHints, words);
        var numberRuns = new NumberRuns(starts[..words], runs, digits, quadHints[..words], line.Length);
        return new LineBits(colons[..words], equals[..words], ats[..words], quads[..words], colonCount >= 6 || doubleColon, numberRuns);
    }

    /// <summary>The first '=' or ':' at or after <paramref name="from"/>; -1 when none.</summary>
    internal int NextSeparator(int from) => NextSet(_equals, _colons, from);

    /// <summary>The first '@', or ':' when <paramref name="colons"/>, at or after <paramref name="from"/>; -1 when none.</summary>
    internal int NextAnchor(int from, bool colons) => colons ? NextSet(_ats, _colons, from) : NextSet(_ats, _ats, from);

    /// <summary>The first dot at or after <paramref name="from"/> that may start a dotted quad's dots; -1 when none.</summary>
    internal int NextDottedQuad(int from) => NextSet(_quads, _quads, from);

    private static int NextSet(ReadOnlySpan<ulong> one, ReadOnlySpan<ulong> other, int from)
    {
        from = Math.Max(from, 0);
        int w = from / Block;
        if (w >= one.Length)
        {
            return -1;
        }

        ulong bits = (one[w] | other[w]) & (ulong.MaxValue << (from % Block));
        while (bits == 0)
        {
            if (++w >= one.Length)
            {
                return -1;
            }

            bits = one[w] | other[w];
        }

        return (w * Block) + BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>Bit i: one of bits i + 2, i + 3, i + 4 of the 128-bit value (<paramref name="low"/>, <paramref name="high"/>) is set.</summary>
    private static ulong Within2To4(ulong low, ulong high) =>
        (low >> 2) | (high << 62) | (low >> 3) | (high << 61) | (low >> 4) | (high << 60);

    /// <summary>
    /// Bit i of each: byte i of the block is a colon, '=', '@', a digit, a dot; a digit or a joiner of a long number
    /// (<c>' ' . - +</c>), a capital letter, a dash, a letter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Marks(
        ref byte block, out ulong colons, out ulong equals, out ulong ats, out ulong digits, out ulong dots, out ulong run, out ulong capitals, out ulong dashes, out ulong letters)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var bytes = Vector512.LoadUnsafe(ref block);
            var digit = Vector512.LessThan(bytes - Vector512.Create((byte)'0'), Vector512.Create((byte)10));
            var dot = Vector512.Equals(bytes, Vector512.Create((byte)'.'));
            var dash = Vector512.Equals(bytes, Vector512.Create((byte)'-'));
            colons = Vector512.Equals(bytes, Vector512.Create((byte)':')).ExtractMostSignificantBits();
            equals = Vector512.Equals(bytes, Vector512.Create((byte)'=')).ExtractMostSignificantBits();
            ats = Vector512.Equals(bytes, Vector512.Create((byte)'@')).ExtractMostSignificantBits();
            digits = digit.ExtractMostSignificantBits();
            dots = dot.ExtractMostSignificantBits();
            dashes = dash.ExtractMostSignificantBits();
            run = (digit | dot | dash | Vector512.Equals(bytes, Vector512.Create((byte)' ')) | Vector512.Equals(bytes, Vector512.Create((byte)'+'))).ExtractMostSignificantBits();
            capitals = Vector512.LessThan(bytes - Vector512.Create((byte)'A'), Vector512.Create((byte)26)).ExtractMostSignificantBits();
            letters = Vector512.LessThan((bytes | Vector512.Create((byte)0x20)) - Vector512.Create((byte)'a'), Vector512.Create((byte)26)).ExtractMostSignificantBits();
            return;
        }

        colons = equals = ats = digits = dots = run = capitals = dashes = letters = 0;
        for (int part = 0; part < Block; part += 16)
        {
            var bytes = Vector128.LoadUnsafe(ref block, (nuint)part);
            var digit = Vector128.LessThan(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
            var dot = Vector128.Equals(bytes, Vector128.Create((byte)'.'));
            var dash = Vector128.Equals(bytes, Vector128.Create((byte)'-'));
            colons |= (ulong)Vector128.Equals(bytes, Vector128.Create((byte)':')).ExtractMostSignificantBits() << part;
            equals |= (ulong)Vector128.Equals(bytes, Vector128.Create((byte)'=')).ExtractMostSignificantBits() << part;
            ats |= (ulong)Vector128.Equals(bytes, Vector128.Create((byte)'@')).ExtractMostSignificantBits() << part;
            digits |= (ulong)digit.ExtractMostSignificantBits() << part;
            dots |= (ulong)dot.ExtractMostSignificantBits() << part;
            dashes |= (ulong)dash.ExtractMostSignificantBits() << part;
            run |= (ulong)(digit | dot | dash | Vector128.Equals(bytes, Vector128.Create((byte)' ')) | Vector128.Equals(bytes, Vector128.Create((byte)'+'))).ExtractMostSignificantBits() << part;
            capitals |= (ulong)Vector128.LessThan(bytes - Vector128.Create((byte)'A'), Vector128.Create((byte)26)).ExtractMostSignificantBits() << part;
            letters |= (ulong)Vector128.LessThan((bytes | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)26)).ExtractMostSignificantBits() << part;
        }
    }
}
