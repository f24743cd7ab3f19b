using System.Buffers.Binary;

namespace Diagnostics.Pseudonymization;

/// <summary>RFC 5952 canonical text of an IPv6 address: lowercase, no leading zeros, the longest run of two or more zero groups as <c>::</c>.</summary>
internal static class Ipv6Text
{
    internal const int MaxLength = 39;

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
