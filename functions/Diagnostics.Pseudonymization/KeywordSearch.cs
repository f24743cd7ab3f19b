using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// Where any of a few ASCII keywords starts in a line of UTF-8, without widening the line to chars for a
/// <c>SearchValues&lt;string&gt;</c>. The line is read 64 bytes at a time. The keywords' first three bytes are
/// spread over eight buckets, and six 16-entry tables, indexed by the low and high halves of a byte and of the
/// two bytes after it, say which buckets each half fits (the "Teddy" filter): one table look-up per half and a
/// few ANDs mark, for 64 positions at once, where a keyword's first three bytes may be. Only those positions are
/// compared with the keywords whole.
/// </summary>
internal sealed class KeywordSearch
{
    private const int Block = 64;
    private const int Buckets = 8;

    /// <summary>Bytes read at each position: the first three of a keyword.</summary>
    private const int Prefix = 3;

    /// <summary>
    /// Per byte of the prefix, the buckets its low half and its high half fit: a 16-entry table in each 128-bit lane, as
    /// the in-lane byte shuffles read it; the narrower vectors use its lower part.
    /// </summary>
    private readonly Vector512<byte>[] _lows = new Vector512<byte>[Prefix];
    private readonly Vector512<byte>[] _highs = new Vector512<byte>[Prefix];

    /// <summary>The keywords by their first byte.</summary>
    private readonly byte[][]?[] _byFirst = new byte[128][][];

    /// <summary>
    /// One bit per pair of ASCII bytes, set for each keyword's first two: most positions the filter lets through (its
    /// buckets share halves) fail this one look-up before any keyword is compared.
    /// </summary>
    private readonly ulong[] _pairs = new ulong[128 * 128 / 64];

    /// <param name="keywords">ASCII keywords of at least three bytes.</param>
    internal KeywordSearch(params string[] keywords)
    {
        var lows = new byte[Prefix, 16];
        var highs = new byte[Prefix, 16];
        var groups = new List<List<byte[]>>();
        foreach (string keyword in keywords)
        {
            if (keyword.Length < Prefix || !Ascii.IsValid(keyword) || keyword.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{keyword}' is not an ASCII keyword of {Prefix} bytes or more.", nameof(keywords));
            }

            var bytes = Encoding.ASCII.GetBytes(keyword);
            _byFirst[bytes[0]] = [.. _byFirst[bytes[0]] ?? [], bytes];
            int pair = (bytes[0] << 7) | bytes[1];
            _pairs[pair >> 6] |= 1UL << pair;
            var group = groups.Find(g => g[0][0] == bytes[0]);
            if (group is null)
            {
                groups.Add([bytes]);
            }
            else
            {
                group.Add(bytes);
            }
        }

        // Keywords with the same first byte share a bucket. Each group goes to the bucket where it adds the fewest
        // byte values that the bucket's halves then fit without being any keyword's (the filter's false positives).
        foreach (var group in groups)
        {
            int best = 0;
            long bestCost = long.MaxValue;
            for (int bucket = 0; bucket < Buckets; bucket++)
            {
                long cost = Fitting(lows, highs, bucket, group) - Fitting(lows, highs, bucket, []);
                if (cost < bestCost)
                {
                    best = bucket;
                    bestCost = cost;
                }
            }

            foreach (var bytes in group)
            {
                for (int k = 0; k < Prefix; k++)
                {
                    lows[k, bytes[k] & 0xF] |= (byte)(1 << best);
                    highs[k, bytes[k] >> 4] |= (byte)(1 << best);
                }
            }
        }

        for (int k = 0; k < Prefix; k++)
        {
            _lows[k] = Wide(Vector128.Create(Enumerable.Range(0, 16).Select(i => lows[k, i]).ToArray()));
            _highs[k] = Wide(Vector128.Create(Enumerable.Range(0, 16).Select(i => highs[k, i]).ToArray()));
        }
    }

    /// <summary>How many three-byte sequences a bucket's halves fit, once <paramref name="added"/> is in it.</summary>
    private static long Fitting(byte[,] lows, byte[,] highs, int bucket, List<byte[]> added)
    {
        long fitting = 1;
        for (int k = 0; k < Prefix; k++)
        {
            int low = 0;
            int high = 0;
            for (int half = 0; half < 16; half++)
            {
                low |= ((lows[k, half] >> bucket) & 1) << half;
                high |= ((highs[k, half] >> bucket) & 1) << half;
            }

            foreach (var bytes in added)
            {
                low |= 1 << (bytes[k] & 0xF);
                high |= 1 << (bytes[k] >> 4);
            }

            fitting *= BitOperations.PopCount((uint)low) * BitOperations.PopCount((uint)high);
        }

        return fitting;
    }

    /// <summary>The positions in <paramref name="line"/> where a keyword starts, in order.</summary>
    internal Hits In(ReadOnlySpan<byte> line) => new(this, line);

    /// <summary>Whether one of the keywords starts at <paramref name="position"/>.</summary>
    internal bool StartsAt(ReadOnlySpan<byte> line, int position)
    {
        byte first = line[position];
        if (first >= _byFirst.Length || position + 1 >= line.Length || line[position + 1] >= 0x80)
        {
            return false;
        }

        int pair = (first << 7) | line[position + 1];
        if ((_pairs[pair >> 6] & (1UL << pair)) == 0 || _byFirst[first] is not { } keywords)
        {
            return false;
        }

        foreach (var keyword in keywords)
        {
            if (line[position..].StartsWith(keyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Bit i: a keyword's first three bytes may be at <c>block[i]</c> to <c>block[i + 2]</c>; 66 bytes must be readable.
    /// Every keyword start is marked; a few other positions may be.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong Candidates(ref byte block)
    {
        if (Avx512BW.IsSupported)
        {
            return Candidates512(ref block);
        }

        if (Avx2.IsSupported)
        {
            return Candidates256(ref block);
        }

        if (Ssse3.IsSupported || AdvSimd.Arm64.IsSupported)
        {
            return Candidates128(ref block);
        }

        return CandidatesScalar(ref block);
    }

    internal ulong Candidates512(ref byte block)
    {
        var low = Vector512.Create((byte)0xF);
        var buckets = Vector512<byte>.AllBitsSet;
        for (int k = 0; k < Prefix; k++)
        {
            var bytes = Vector512.LoadUnsafe(ref block, (nuint)k);
            buckets &= Avx512BW.Shuffle(_lows[k], bytes & low) & Avx512BW.Shuffle(_highs[k], Vector512.ShiftRightLogical(bytes, 4) & low);
        }

        return ~Vector512.Equals(buckets, Vector512<byte>.Zero).ExtractMostSignificantBits();
    }

    internal ulong Candidates256(ref byte block)
    {
        // The tables in registers once per block, not read from their arrays for each half.
        var lows = _lows;
        var highs = _highs;
        var low0 = lows[0].GetLower();
        var low1 = lows[1].GetLower();
        var low2 = lows[2].GetLower();
        var high0 = highs[0].GetLower();
        var high1 = highs[1].GetLower();
        var high2 = highs[2].GetLower();
        return Buckets256(ref block, low0, low1, low2, high0, high1, high2)
            | ((ulong)Buckets256(ref Unsafe.Add(ref block, 32), low0, low1, low2, high0, high1, high2) << 32);
    }

    /// <summary>Bit i: a keyword's first three bytes may be at <c>block[i]</c> to <c>block[i + 2]</c>, for 32 positions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Buckets256(
        ref byte block, Vector256<byte> low0, Vector256<byte> low1, Vector256<byte> low2, Vector256<byte> high0, Vector256<byte> high1, Vector256<byte> high2)
    {
        var nibble = Vector256.Create((byte)0xF);
        var first = Vector256.LoadUnsafe(ref block);
        var second = Vector256.LoadUnsafe(ref block, 1);
        var third = Vector256.LoadUnsafe(ref block, 2);

        // The high half of each byte: a 16-bit shift moves the next byte's bits in, which the mask takes out.
        var buckets = Avx2.Shuffle(low0, first & nibble) & Avx2.Shuffle(high0, Vector256.ShiftRightLogical(first.AsUInt16(), 4).AsByte() & nibble)
            & Avx2.Shuffle(low1, second & nibble) & Avx2.Shuffle(high1, Vector256.ShiftRightLogical(second.AsUInt16(), 4).AsByte() & nibble)
            & Avx2.Shuffle(low2, third & nibble) & Avx2.Shuffle(high2, Vector256.ShiftRightLogical(third.AsUInt16(), 4).AsByte() & nibble);
        return ~Vector256.Equals(buckets, Vector256<byte>.Zero).ExtractMostSignificantBits();
    }

    internal ulong Candidates128(ref byte block)
    {
        ulong mask = 0;
        var low = Vector128.Create((byte)0xF);
        for (int part = 0; part < Block; part += 16)
        {
            var buckets = Vector128<byte>.AllBitsSet;
            for (int k = 0; k < Prefix; k++)
            {
                var bytes = Vector128.LoadUnsafe(ref block, (nuint)(part + k));
                buckets &= Lookup(_lows[k].GetLower().GetLower(), bytes & low) & Lookup(_highs[k].GetLower().GetLower(), Vector128.ShiftRightLogical(bytes, 4) & low);
            }

            mask |= (ulong)(~Vector128.Equals(buckets, Vector128<byte>.Zero).ExtractMostSignificantBits() & 0xFFFF) << part;
        }

        return mask;
    }

    internal ulong CandidatesScalar(ref byte block)
    {
        ulong mask = 0;
        for (int i = 0; i < Block; i++)
        {
            int buckets = 0xFF;
            for (int k = 0; k < Prefix; k++)
            {
                byte b = Unsafe.Add(ref block, i + k);
                buckets &= _lows[k][b & 0xF] & _highs[k][b >> 4];
            }

            if (buckets != 0)
            {
                mask |= 1UL << i;
            }
        }

        return mask;
    }

    /// <summary>A 16-entry table in each 128-bit lane, as the in-lane byte shuffles read it.</summary>
    private static Vector512<byte> Wide(Vector128<byte> table) => Vector512.Create(Vector256.Create(table, table), Vector256.Create(table, table));

    private static Vector128<byte> Lookup(Vector128<byte> table, Vector128<byte> indices) =>
        Ssse3.IsSupported ? Ssse3.Shuffle(table, indices) : AdvSimd.Arm64.VectorTableLookup(table, indices);

    /// <summary>The keyword starts of one line, found block by block as they are asked for.</summary>
    internal ref struct Hits
    {
        private readonly KeywordSearch _search;
        private readonly ReadOnlySpan<byte> _line;
        private int _block;
        private ulong _candidates;
        private Padded _padded;

        internal Hits(KeywordSearch search, ReadOnlySpan<byte> line)
        {
            _search = search;
            _line = line;
            _block = -Block;
            Current = -1;
        }

        /// <summary>The position of the keyword found by the last <see cref="MoveNext"/>.</summary>
        public int Current { get; private set; }

        public readonly Hits GetEnumerator() => this;

        public bool MoveNext()
        {
            while (true)
            {
                while (_candidates == 0)
                {
                    _block += Block;
                    if (_block > _line.Length - Prefix)
                    {
                        return false;
                    }

                    _candidates = BlockCandidates();
                }

                int position = _block + BitOperations.TrailingZeroCount(_candidates);
                _candidates &= _candidates - 1;
                if (_search.StartsAt(_line, position))
                {
                    Current = position;
                    return true;
                }
            }
        }

        private ulong BlockCandidates()
        {
            ref byte start = ref MemoryMarshal.GetReference(_line);
            if (_block + Block + Prefix - 1 <= _line.Length)
            {
                return _search.Candidates(ref Unsafe.Add(ref start, _block));
            }

            // The last block. In a line long enough, its last 66 bytes read again, the positions already looked at
            // shifted out; in a short one, a zeroed copy (no keyword holds a zero; a candidate there is only checked).
            if (_line.Length >= Block + Prefix - 1)
            {
                int from = _line.Length - Block - Prefix + 1;
                return _search.Candidates(ref Unsafe.Add(ref start, from)) >> (_block - from);
            }

            Span<byte> padded = _padded;
            padded.Clear();
            _line[_block..].CopyTo(padded);
            ulong inLine = _line.Length >= Block ? ulong.MaxValue : (1UL << _line.Length) - 1;
            return _search.Candidates(ref MemoryMarshal.GetReference(padded)) & inLine;
        }
    }

    [InlineArray(Block + Prefix - 1)]
    private struct Padded
    {
        private byte _byte;
    }
}
