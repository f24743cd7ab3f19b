using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// The positions of up to three byte values in a line, for a pass that stops at each of them in turn (the '=' and ':'
/// of the detectors' named values). One vector compare marks 64 bytes at a time,
/// and the marks of the block last looked at are kept: going from one stop to the next is a bit scan, not a new
/// search from there as <c>IndexOfAny</c> would start.
/// </summary>
internal ref struct ByteScan
{
    private const int Block = 64;

    private readonly ReadOnlySpan<byte> _line;
    private readonly byte _first;
    private readonly byte _second;
    private readonly byte _third;
    private int _block;
    private ulong _marks;
    private Padded _padded;

    internal ByteScan(ReadOnlySpan<byte> line, byte first, byte second, byte third)
    {
        _line = line;
        _first = first;
        _second = second;
        _third = third;
        _block = -1;
    }

    internal ByteScan(ReadOnlySpan<byte> line, byte first, byte second)
        : this(line, first, second, second)
    {
    }

    /// <summary>The first position at or after <paramref name="from"/> that holds one of the values; -1 when none.</summary>
    internal int Next(int from)
    {
        if (from < 0)
        {
            from = 0;
        }

        if (from / Block == _block)
        {
            // Most stops are in the block of the one before.
            ulong here = _marks & (ulong.MaxValue << (from % Block));
            if (here != 0)
            {
                return (_block * Block) + BitOperations.TrailingZeroCount(here);
            }
        }

        for (int block = from / Block; block * Block < _line.Length; block++)
        {
            if (block != _block)
            {
                _marks = Marks(block);
                _block = block;
            }

            ulong marks = block == from / Block ? _marks & (ulong.MaxValue << (from % Block)) : _marks;
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
        if (start + Block <= _line.Length)
        {
            return Marks(ref Unsafe.Add(ref line, start));
        }

        // The last, partial block: in a line of a block or more, its last 64 bytes read again, the positions of the
        // block before shifted out; in a shorter one, a zeroed copy and the positions past the end masked.
        if (_line.Length >= Block)
        {
            int from = _line.Length - Block;
            return Marks(ref Unsafe.Add(ref line, from)) >> (start - from);
        }

        Span<byte> padded = _padded;
        padded.Clear();
        _line.CopyTo(padded);
        return Marks(ref MemoryMarshal.GetReference(padded)) & ((1UL << _line.Length) - 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly ulong Marks(ref byte block)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var bytes = Vector512.LoadUnsafe(ref block);
            return (Vector512.Equals(bytes, Vector512.Create(_first)) | Vector512.Equals(bytes, Vector512.Create(_second))
                | Vector512.Equals(bytes, Vector512.Create(_third))).ExtractMostSignificantBits();
        }

        ulong marks = 0;
        for (int part = 0; part < Block; part += 16)
        {
            var bytes = Vector128.LoadUnsafe(ref block, (nuint)part);
            marks |= (ulong)(Vector128.Equals(bytes, Vector128.Create(_first)) | Vector128.Equals(bytes, Vector128.Create(_second))
                | Vector128.Equals(bytes, Vector128.Create(_third))).ExtractMostSignificantBits() << part;
        }

        return marks;
    }

    [InlineArray(Block)]
    private struct Padded
    {
        private byte _byte;
    }
}
