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
/// line is read 64 bytes at a time as it is asked for, and the next 64 where a dot follows a digit.
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
        Load(start, out ulong digits, out ulong dots);
        ulong afterDigit = dots & ((digits << 1) | (start > 0 && AsciiClass.IsDigit(_line[start - 1]) ? 1UL : 0));
        if (afterDigit == 0)
        {
            return 0;
        }

        // Dots between two digits, here and in the next block (its first few positions are all a quad here reaches).
        Load(start + Block, out ulong nextDigits, out ulong nextDots);
        ulong between = afterDigit & ((digits >> 1) | (nextDigits << 63));
        ulong nextBetween = nextDots & ((nextDigits << 1) | (digits >> 63)) & (nextDigits >> 1);

        // Such a dot with another two to four bytes on; then one with such a dot two to four bytes on.
        ulong chained = between & Within2To4(between, nextBetween);
        ulong nextChained = nextBetween & Within2To4(nextBetween, 0);
        return between & Within2To4(chained, nextChained);
    }

    /// <summary>
    /// The digits and dots of the 64 bytes at <paramref name="start"/>, zero past the end of the line. A partial block is
    /// read from the last 64 bytes of the line, the bits before it shifted out; in a line shorter than a block, from a
    /// zeroed copy.
    /// </summary>
    private void Load(int start, out ulong digits, out ulong dots)
    {
        ref byte line = ref MemoryMarshal.GetReference(_line);
        if (start + Block <= _line.Length)
        {
            Classify(ref Unsafe.Add(ref line, start), out digits, out dots);
        }
        else if (start >= _line.Length)
        {
            digits = 0;
            dots = 0;
        }
        else if (_line.Length >= Block)
        {
            int from = _line.Length - Block;
            Classify(ref Unsafe.Add(ref line, from), out digits, out dots);
            digits >>= start - from;
            dots >>= start - from;
        }
        else
        {
            Span<byte> padded = _padded;
            padded.Clear();
            _line[start..].CopyTo(padded);
            Classify(ref MemoryMarshal.GetReference(padded), out digits, out dots);
        }
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

    [InlineArray(Block)]
    private struct Padded
    {
        private byte _byte;
    }
}
