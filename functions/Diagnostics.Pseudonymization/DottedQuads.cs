using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// Where the first dot of a dotted quad can be: a '.' between two digits whose next such dot is two to four bytes
/// further, and that one's next too (<c>1.2.3.4</c> to <c>255.255.255.255</c>). A version (<c>537.36</c>,
/// <c>66.0.3359.158</c>), a domain or a path has none, so the address passes judge a line's few quads instead of
/// every dot. It is a necessary condition only: the detectors' and the gate's own rules judge what it marks. The
/// line is read 64 bytes at a time with the 64 after them, as it is asked for.
/// </summary>
internal ref struct DottedQuads
{
    private const int Block = 64;

    private readonly ReadOnlySpan<byte> _line;
    private int _block;
    private ulong _marks;
    private Padded _padded;

    internal DottedQuads(ReadOnlySpan<byte> line)
    {
        _line = line;
        _block = -1;
    }

    /// <summary>The first dot at or after <paramref name="from"/> that may start a dotted quad's dots; -1 when none.</summary>
    internal int Next(int from)
    {
        for (int block = Math.Max(from, 0) / Block; block * Block < _line.Length; block++)
        {
            if (block != _block)
            {
                _marks = Marks(block);
                _block = block;
            }

            ulong marks = block * Block < from ? _marks & (ulong.MaxValue << (from % Block)) : _marks;
            if (marks != 0)
            {
                return (block * Block) + BitOperations.TrailingZeroCount(marks);
            }
        }

        return -1;
    }

    private ulong Marks(int block)
    {
        int start = block * Block;
        ref byte line = ref MemoryMarshal.GetReference(_line);
        ulong digitBefore = start > 0 && AsciiClass.IsDigit(_line[start - 1]) ? 1UL : 0;
        if (start + (2 * Block) <= _line.Length)
        {
            return Marks(ref Unsafe.Add(ref line, start), digitBefore);
        }

        // Near the end, a zeroed copy of the rest of the line: a zero is neither a dot nor a digit.
        Span<byte> padded = _padded;
        padded.Clear();
        _line[start..].CopyTo(padded);
        return Marks(ref MemoryMarshal.GetReference(padded), digitBefore);
    }

    /// <summary>The marks of the 64 bytes at <paramref name="block"/>, with the 64 after them readable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Marks(ref byte block, ulong digitBefore)
    {
        Classify(ref block, out ulong digits, out ulong dots);
        Classify(ref Unsafe.Add(ref block, Block), out ulong nextDigits, out ulong nextDots);

        // Dots between two digits, here and in the next block (its first few positions are all a quad here reaches).
        ulong between = dots & ((digits << 1) | digitBefore) & ((digits >> 1) | (nextDigits << 63));
        ulong nextBetween = nextDots & ((nextDigits << 1) | (digits >> 63)) & (nextDigits >> 1);

        // Such a dot with another two to four bytes on; then one with such a dot two to four bytes on.
        ulong chained = between & Within2To4(between, nextBetween);
        ulong nextChained = nextBetween & Within2To4(nextBetween, 0);
        return between & Within2To4(chained, nextChained);
    }

    /// <summary>Bit i: one of bits i + 2, i + 3, i + 4 of the 128-bit value (<paramref name="low"/>, <paramref name="high"/>) is set.</summary>
    private static ulong Within2To4(ulong low, ulong high) =>
        (low >> 2) | (high << 62) | (low >> 3) | (high << 61) | (low >> 4) | (high << 60);

    private static void Classify(ref byte block, out ulong digits, out ulong dots)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var bytes = Vector512.LoadUnsafe(ref block);
            digits = Vector512.LessThan(bytes - Vector512.Create((byte)'0'), Vector512.Create((byte)10)).ExtractMostSignificantBits();
            dots = Vector512.Equals(bytes, Vector512.Create((byte)'.')).ExtractMostSignificantBits();
            return;
        }

        digits = 0;
        dots = 0;
        for (int part = 0; part < Block; part += 16)
        {
            var bytes = Vector128.LoadUnsafe(ref block, (nuint)part);
            digits |= (ulong)Vector128.LessThan(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)10)).ExtractMostSignificantBits() << part;
            dots |= (ulong)Vector128.Equals(bytes, Vector128.Create((byte)'.')).ExtractMostSignificantBits() << part;
        }
    }

    [InlineArray(2 * Block)]
    private struct Padded
    {
        private byte _byte;
    }
}
