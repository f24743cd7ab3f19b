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
/// 64 bytes at a time, into a bitmap of candidate starts.
/// </summary>
internal static class NumberRuns
{
    /// <summary>Bytes in a row, all digits or joiners, before a run can hold a long number.</summary>
    internal const int MinimumRun = 8;

    private const int Block = 64;

    [ThreadStatic]
    private static ulong[]? _bitmap;

    /// <summary>
    /// Bit i of the result is set when <see cref="MinimumRun"/> digits or joiners (<c>' ' . - +</c>) follow
    /// in a row from byte i, or two capital letters and two digits. Inside a long run every position
    /// qualifies: callers go on from the end of the run. The bitmap lives in a buffer of the calling
    /// thread's that the next call overwrites.
    /// </summary>
    internal static ReadOnlySpan<ulong> Classify(ReadOnlySpan<byte> line)
    {
        int words = (line.Length + Block - 1) / Block;
        var buffer = _bitmap;
        if (buffer is null || buffer.Length < (3 * words) + 3)
        {
            buffer = _bitmap = new ulong[Math.Max((3 * words) + 3, 192)];
        }

        // One word past the end in each array: zero, so that runs stop at the end of the line.
        var runs = buffer.AsSpan(0, words + 1);
        var digits = buffer.AsSpan(words + 1, words + 1);
        var capitals = buffer.AsSpan((2 * words) + 2, words + 1);
        ref byte start = ref MemoryMarshal.GetReference(line);
        int full = line.Length / Block;
        for (int w = 0; w < full; w++)
        {
            Masks(ref start, w * Block, out runs[w], out digits[w], out capitals[w]);
        }

        if (full < words)
        {
            // The tail, padded with zeros: a zero is neither a digit, a joiner nor a letter.
            Span<byte> tail = stackalloc byte[Block];
            tail.Clear();
            line[(full * Block)..].CopyTo(tail);
            Masks(ref MemoryMarshal.GetReference(tail), 0, out runs[full], out digits[full], out capitals[full]);
        }

        runs[words] = 0;
        digits[words] = 0;
        capitals[words] = 0;
        for (int w = 0; w < words; w++)
        {
            ulong run = runs[w];
            ulong nextRun = runs[w + 1];
            ulong all = run;
            for (int k = 1; k < MinimumRun; k++)
            {
                all &= (run >> k) | (nextRun << (Block - k));
            }

            ulong iban = capitals[w] & ((capitals[w] >> 1) | (capitals[w + 1] << 63))
                & ((digits[w] >> 2) | (digits[w + 1] << 62)) & ((digits[w] >> 3) | (digits[w + 1] << 61));
            runs[w] = all | iban;
        }

        return runs[..words];
    }

    /// <summary>The first candidate at or after <paramref name="from"/> in a bitmap from <see cref="Classify"/>; -1 when none.</summary>
    internal static int Next(ReadOnlySpan<ulong> bitmap, int from)
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

    /// <summary>The end of the run of digits and joiners that starts at <paramref name="position"/>.</summary>
    internal static int RunEnd(ReadOnlySpan<byte> line, int position)
    {
        int end = position;
        while (end < line.Length && IsRunByte(line[end]))
        {
            end++;
        }

        return end;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsRunByte(byte b) => (uint)(b - '0') <= 9 || b is (byte)' ' or (byte)'.' or (byte)'-' or (byte)'+';

    /// <summary>Bit i: byte i of the block is a digit or a joiner, a digit, a capital letter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Masks(ref byte start, int offset, out ulong run, out ulong digits, out ulong capitals)
    {
        run = 0;
        digits = 0;
        capitals = 0;
        for (int part = 0; part < Block / 16; part++)
        {
            var bytes = Vector128.LoadUnsafe(ref start, (nuint)(offset + (part * 16)));
            var digit = Vector128.LessThan(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
            var joiner = Vector128.Equals(bytes, Vector128.Create((byte)' ')) | Vector128.Equals(bytes, Vector128.Create((byte)'.'))
                | Vector128.Equals(bytes, Vector128.Create((byte)'-')) | Vector128.Equals(bytes, Vector128.Create((byte)'+'));
            var capital = Vector128.LessThan(bytes - Vector128.Create((byte)'A'), Vector128.Create((byte)26));
            int shift = part * 16;
            run |= (ulong)(digit | joiner).ExtractMostSignificantBits() << shift;
            digits |= (ulong)digit.ExtractMostSignificantBits() << shift;
            capitals |= (ulong)capital.ExtractMostSignificantBits() << shift;
        }
    }
}
