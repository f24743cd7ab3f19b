using System.Buffers.Binary;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// IPv6 literals in every textual form: full, compressed, with an embedded IPv4 tail (which a port may follow, as
/// <c>::ffff:203.0.113.5:51234</c>: no group comes after a dotted tail), with a zone id.
/// To keep times (<c>10:05:03</c>), MAC addresses, <c>std::string</c> and hex hashes out, a literal
/// needs <c>::</c> or all eight groups, at least one group, a decimal digit, and word boundaries.
/// </summary>
internal static class Ipv6Detector
{
    /// <summary>
    /// Reads the longest IPv6 literal at <paramref name="start"/> (a hex digit or ':'), then its zone id.
    /// <paramref name="afterSeparator"/> says the literal follows a lone ':' as in <c>addr:fe80::1</c>,
    /// which the caller has checked. <paramref name="end"/> includes the zone id.
    /// </summary>
    internal static bool TryMatch(ReadOnlySpan<byte> line, int start, bool afterSeparator, Span<byte> address, out int end)
    {
        end = 0;
        if (!afterSeparator && start > 0 && !StartsWord(line, start))
        {
            return false;
        }

        Span<ushort> groups = stackalloc ushort[8];
        int count = 0;
        int compressedAt = -1;
        int pos = start;
        int literalEnd = start;
        bool sawDigit = false;
        bool dottedTail = false;

        if (line[pos] == ':')
        {
            if (pos + 1 >= line.Length || line[pos + 1] != ':')
            {
                return false;
            }

            compressedAt = 0;
            pos += 2;
            literalEnd = pos;
        }

        while (count < 8)
        {
            if (pos < line.Length && AsciiClass.IsDigit(line[pos]) && (compressedAt >= 0 ? count <= 5 : count == 6)
                && Ipv4Detector.TryParseQuad(line, pos, out int quadEnd, out uint quad))
            {
                groups[count++] = (ushort)(quad >> 16);
                groups[count++] = (ushort)quad;
                pos = quadEnd;
                literalEnd = pos;
                sawDigit = true;
                dottedTail = true;
                break;
            }

            int digits = 0;
            uint group = 0;
            while (pos < line.Length && AsciiClass.IsHex(line[pos]))
            {
                if (++digits > 4)
                {
                    return false;
                }

                byte b = line[pos];
                sawDigit |= AsciiClass.IsDigit(b);
                group = (group << 4) | (uint)AsciiClass.HexValue(b);
                pos++;
            }

            if (digits == 0)
            {
                break;
            }

            groups[count++] = (ushort)group;
            literalEnd = pos;
            if (pos + 1 < line.Length && line[pos] == ':')
            {
                if (line[pos + 1] == ':')
                {
                    if (compressedAt >= 0)
                    {
                        break;
                    }

                    compressedAt = count;
                    pos += 2;
                    literalEnd = pos;
                    continue;
                }

                if (AsciiClass.IsHex(line[pos + 1]))
                {
                    pos++;
                    continue;
                }
            }

            break;
        }

        if (count == 0 || !sawDigit || (compressedAt < 0 ? count != 8 : count > 7))
        {
            return false;
        }

        end = literalEnd;
        if (end < line.Length)
        {
            byte after = line[end];
            if (after == '%' && end + 1 < line.Length && AsciiClass.IsWord(line[end + 1]) && line[end + 1] != '_')
            {
                end += 2;
                while (end < line.Length && AsciiClass.IsZoneId(line[end]))
                {
                    end++;
                }

                while (line[end - 1] == '.')
                {
                    end--;
                }
            }
            else if (AsciiClass.IsWord(after)
                || (after == ':' && end + 1 < line.Length && (line[end + 1] == ':' || (AsciiClass.IsHex(line[end + 1]) && !(dottedTail && AsciiClass.IsDigit(line[end + 1])))))
                || (after == '.' && end + 1 < line.Length && AsciiClass.IsDigit(line[end + 1]) && !QuadContext.IsTcpdumpEndpoint(line, start, end)))
            {
                return false;
            }
        }

        Expand(groups[..count], compressedAt, address);
        return true;
    }

    /// <summary>The byte before <paramref name="start"/> does not make the literal part of a word or a dotted name.</summary>
    private static bool StartsWord(ReadOnlySpan<byte> line, int start)
    {
        byte before = line[start - 1];
        if (before is (byte)':' or (byte)'.' or (byte)'_' || AsciiClass.IsHex(before))
        {
            return false;
        }

        return !AsciiClass.IsLetter(before) || AsciiClass.IsEscapeLetter(line, start - 1);
    }

    private static void Expand(ReadOnlySpan<ushort> groups, int compressedAt, Span<byte> address)
    {
        address[..16].Clear();
        if (compressedAt < 0)
        {
            compressedAt = groups.Length;
        }

        for (int g = 0; g < compressedAt; g++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(address[(2 * g)..], groups[g]);
        }

        int tail = groups.Length - compressedAt;
        for (int g = 0; g < tail; g++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(address[(2 * (8 - tail + g))..], groups[compressedAt + g]);
        }
    }
}
