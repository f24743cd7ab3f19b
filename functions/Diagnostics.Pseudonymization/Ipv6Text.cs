using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Diagnostics.Pseudonymization;

/// <summary>RFC 5952 canonical text of an IPv6 address: lowercase, no leading zeros, the longest run of two or more zero groups as <c>::</c>.</summary>
internal static class Ipv6Text
{
    internal const int MaxLength = 39;

    /// <summary>
    /// Whether <paramref name="text"/> can hold an IPv6 literal at all: every text form (RFC 4291 §2.2) has a
    /// <c>::</c>, or eight groups (seven colons), or six groups and a dotted tail (six colons). A log line seldom has
    /// either (a time has two colons, a URL one), and then no colon in it needs an IPv6 look.
    /// </summary>
    internal static bool MayHoldLiteral(ReadOnlySpan<byte> text)
    {
        // One pass, 64 bytes at a time: the colons are counted and a colon after a colon ends it.
        const int Block = 64;
        if (text.Length < Block)
        {
            int count = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == ':' && (++count >= 6 || (i > 0 && text[i - 1] == ':')))
                {
                    return true;
                }
            }

            return false;
        }

        ref byte start = ref MemoryMarshal.GetReference(text);
        int colons = 0;
        ulong colonBefore = 0;
        for (int offset = 0; offset < text.Length; offset += Block)
        {
            // The last, partial block is read from the last 64 bytes, the colons already counted shifted out.
            int from = Math.Min(offset, text.Length - Block);
            ulong marks = Colons(ref Unsafe.Add(ref start, from)) >> (offset - from);
            colons += BitOperations.PopCount(marks);
            if (colons >= 6 || (marks & ((marks << 1) | colonBefore)) != 0)
            {
                return true;
            }

            colonBefore = marks >> 63;
        }

        return false;
    }

    private static ulong Colons(ref byte block)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return Vector512.Equals(Vector512.LoadUnsafe(ref block), Vector512.Create((byte)':')).ExtractMostSignificantBits();
        }

        ulong marks = 0;
        for (int part = 0; part < 64; part += 16)
        {
            marks |= (ulong)Vector128.Equals(Vector128.LoadUnsafe(ref block, (nuint)part), Vector128.Create((byte)':')).ExtractMostSignificantBits() << part;
        }

        return marks;
    }

    internal static int Format(ReadOnlySpan<byte> address, Span<byte> destination)
    {
        Span<ushort> groups = stackalloc ushort[8];
        for (int g = 0; g < 8; g++)
        {
            groups[g] = BinaryPrimitives.ReadUInt16BigEndian(address[(2 * g)..]);
        }

        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8;)
        {
            if (groups[g] != 0)
            {
                g++;
                continue;
            }

            int run = g;
            while (g < 8 && groups[g] == 0)
            {
                g++;
            }

            if (g - run > bestLength)
            {
                bestStart = run;
                bestLength = g - run;
            }
        }

        int w = 0;
        for (int g = 0; g < 8; g++)
        {
            if (g == bestStart)
            {
                destination[w++] = (byte)':';
                destination[w++] = (byte)':';
                g += bestLength - 1;
                continue;
            }

            if (g > 0 && g != bestStart + bestLength)
            {
                destination[w++] = (byte)':';
            }

            w += WriteHex(groups[g], destination[w..]);
        }

        return w;
    }

    private static int WriteHex(ushort value, Span<byte> destination)
    {
        int w = 0;
        for (int shift = 12; shift >= 0; shift -= 4)
        {
            int nibble = (value >> shift) & 0xF;
            if (w == 0 && nibble == 0 && shift > 0)
            {
                continue;
            }

            destination[w++] = "0123456789abcdef"u8[nibble];
        }

        return w;
    }
}
