using System.Runtime.CompilerServices;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// The second, independent pass over pseudonymized output: it finds every IPv4, IPv6 and e-mail literal
/// that the detectors' rules call an identifier, by its own code and from other anchors (the dots, colons
/// and '@' inside a literal rather than where one starts), and accepts only what is a pseudonym by
/// construction: IPv6 literals in <c>2001:db8:4::/48</c> or <c>2001:db8:6::/48</c>, and <c>u-</c> + 16
/// base32 characters <c>@pseudonym.invalid</c>. No IPv4 literal is ever a pseudonym. Anything else found
/// means a detector missed it, and the line must not be stored.
/// </summary>
public static class VerificationGate
{
    private const byte Digit = 1;
    private const byte HexLetter = 2;
    private const byte OtherLetter = 4;
    private const byte LocalPunctuation = 16;
    private const byte Utf8 = 32;

    /// <summary>The gate's own byte classes, deliberately not shared with the detectors.</summary>
    private static readonly byte[] Classes = BuildClasses();

    private static ReadOnlySpan<byte> PseudonymDomain => "pseudonym.invalid"u8;

    /// <summary>
    /// The kind of the first raw identifier or secret in <paramref name="line"/>, or <see cref="IdentifierKind.None"/>;
    /// <paramref name="format"/> <see cref="LogFormat.Clf"/> also checks the host, ident and user fields.
    /// </summary>
    public static IdentifierKind Check(ReadOnlySpan<byte> line, LogFormat format = LogFormat.Text, IReadOnlyList<CustomerIdPattern>? customerIds = null) =>
        Check(line, format, customerIds, W3cFields.None);

    /// <summary>As <see cref="Check(ReadOnlySpan{byte}, LogFormat, IReadOnlyList{CustomerIdPattern}?)"/>, with the user field of the W3C layout in force.</summary>
    internal static IdentifierKind Check(ReadOnlySpan<byte> line, LogFormat format, IReadOnlyList<CustomerIdPattern>? customerIds, int w3cUserField)
    {
        var bits = LineBits.Of(line, LineBits.Reader.Gate);
        var found = CheckAddresses(line, bits);
        return found != IdentifierKind.None ? found : ContextGate.Check(line, bits, format, customerIds ?? [], w3cUserField);
    }

    private static IdentifierKind CheckAddresses(ReadOnlySpan<byte> line, in LineBits bits)
    {
        int i = 0;
        int ipv6CheckedTo = 0;
        // The anchors are the '@' (and '%' and '\', for %40 and \u0040), the colons and the dots. In a line that cannot hold an IPv6 literal its colons need
        // no look; of the dots, only those LineBits marks can be the first dot of a quad (IsQuad reads no other).
        bool colons = bits.MayHoldIpv6Literal;
        while (i < line.Length)
        {
            int p = bits.NextAnchor(i, colons);
            if (p < 0)
            {
                break;
            }

            i = p + 1;
            switch (line[p])
            {
                case (byte)'.':
                    if (p > 0 && p + 1 < line.Length && IsDigit(line[p - 1]) && IsDigit(line[p + 1]))
                    {
                        if (IsRawIpv4AtDot(line, p))
                        {
                            return IdentifierKind.Ipv4;
                        }

                        // The later numbers of a dotted chain (32.0.1700.77) follow a digit and a dot: never an address.
                        i = p + 2;
                        while (i + 1 < line.Length && (IsDigit(line[i]) || (line[i] == '.' && IsDigit(line[i + 1]))))
                        {
                            i++;
                        }
                    }

                    break;
                case (byte)':':
                    if (p >= ipv6CheckedTo)
                    {
                        if (IsRawIpv6AtColon(line, bits, p, out ipv6CheckedTo))
                        {
                            return IdentifierKind.Ipv6;
                        }

                        // The rest of the run was judged with it; only its dots still need a look.
                        int dot = line[i..ipv6CheckedTo].IndexOf((byte)'.');
                        i = dot < 0 ? ipv6CheckedTo : i + dot;
                    }

                    break;
                default:
                    // An '@', or a '%' or '\' that may encode one as a URL's query (?email=bob%40example.com) or a JSON
                    // string (bob\u0040example.com) does: no pseudonym is written so.
                    int width = line[p] == '@' ? 1 : line[p] == '%' ? (line[(p + 1)..].StartsWith("40"u8) ? 3 : 0) : line[(p + 1)..].StartsWith("u0040"u8) ? 6 : 0;
                    if (width > 0 && IsRawEmailAtSign(line, p, width))
                    {
                        return IdentifierKind.Email;
                    }

                    break;
            }
        }

        return IdentifierKind.None;
    }

    /// <summary>Every dotted quad has a dot between two digits right after its first number.</summary>
    private static bool IsRawIpv4AtDot(ReadOnlySpan<byte> line, int dot)
    {
        int start = dot - 1;
        while (start > 0 && IsDigit(line[start - 1]))
        {
            start--;
        }

        // A URL's percent-escape stands for a delimiter (?ips=203.0.113.5%2C198.51.100.7, %20198.51.100.7).
        int escaped = QuadContext.StartAfterPercentEscape(line, dot);
        if (escaped > 0)
        {
            start = escaped;
        }

        if (!IsQuad(line, start, out int end))
        {
            return false;
        }

        if (end < line.Length)
        {
            byte next = line[end];
            if (IsAlpha(next) || next == '_' || (next == '.' && end + 1 < line.Length && IsDigit(line[end + 1]) && !QuadContext.IsTcpdumpEndpoint(line, start, end)))
            {
                return false;
            }
        }

        if (start == 0)
        {
            return true;
        }

        byte previous = line[start - 1];
        return previous switch
        {
            (byte)':' => QuadContext.IsAddressAfterColon(line, start - 1),
            (byte)'.' => !(start >= 2 && IsDigit(line[start - 2])),
            (byte)'/' => (start >= 2 && line[start - 2] == '/')
                || (start >= 3 && line[start - 2] == '\\' && line[start - 3] == '/')
                || QuadContext.IsPeerAfterSlash(line, start - 1)
                || !QuadContext.IsVersionAfterSlash(line, start - 1)
                || QuadContext.IsPrivateOrLoopback(QuadValue(line[start..end]))
                || (end + 1 < line.Length && line[end] == ':' && IsDigit(line[end + 1])),
            (byte)' ' or (byte)'=' => !QuadContext.FollowsVersionMarker(line, start),
            _ => !(IsAlpha(previous) || previous == '_') || IsEscape(line, start - 1) || escaped > 0,
        };
    }

    /// <summary>The address a quad (<see cref="IsQuad"/> said it is one) writes.</summary>
    private static uint QuadValue(ReadOnlySpan<byte> quad)
    {
        uint value = 0;
        uint part = 0;
        foreach (byte b in quad)
        {
            if (b == '.')
            {
                value = (value << 8) | part;
                part = 0;
            }
            else
            {
                part = (part * 10) + (uint)(b - '0');
            }
        }

        return (value << 8) | part;
    }

    private static bool IsQuad(ReadOnlySpan<byte> line, int start, out int end)
    {
        end = start;
        for (int part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (end >= line.Length || line[end] != '.')
                {
                    return false;
                }

                end++;
            }

            int first = end;
            int value = 0;
            while (end < line.Length && IsDigit(line[end]))
            {
                value = (value * 10) + (line[end] - '0');
                end++;
                if (end - first > 3)
                {
                    return false;
                }
            }

            if (end == first || value > 255)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks the whole run of hex digits, colons and dots around a colon as one literal.</summary>
    private static bool IsRawIpv6AtColon(ReadOnlySpan<byte> line, in LineBits bits, int colon, out int runEnd)
    {
        bits.HexRunAround(colon, out int runStart, out runEnd);

        // Every literal has "::" or six colons (LineBits.MayHoldIpv6Literal): a run without, such as a time, holds none.
        if (!bits.MayHoldIpv6LiteralIn(runStart, runEnd))
        {
            return false;
        }

        // Punctuation after a literal: "fe80::1." or "fe80::1: refused".
        int a = runStart;
        int b = runEnd;
        while (b > a)
        {
            if (line[b - 1] == '.' || (line[b - 1] == ':' && b - 2 >= a && line[b - 2] != ':'))
            {
                b--;
            }
            else
            {
                break;
            }
        }

        if (b - a < 2 || line[a] == '.')
        {
            return false;
        }

        // A key before a lone colon, as in "addr:fe80::1", or before a value that starts with "::" (to:::ffff:203.0.113.9).
        bool afterSeparator = line[a] == ':' && (line[a + 1] != ':' || (a > 0 && a + 2 < b && line[a + 2] == ':'));
        if (afterSeparator)
        {
            a++;
        }
        else if (a > 0 && (IsAlpha(line[a - 1]) || line[a - 1] == '_') && !IsEscape(line, a - 1))
        {
            return false;
        }

        if (b == runEnd && b < line.Length && (IsAlpha(line[b]) || line[b] == '_'))
        {
            return false;
        }

        var literal = line[a..b];

        // tcpdump's endpoint, its port after a dot (IP6 2001:db8::1.443 > …).
        int lastDot = literal.LastIndexOf((byte)'.');
        if (lastDot > 0 && literal.IndexOf((byte)'.') == lastDot && QuadContext.IsTcpdumpEndpoint(line, a, a + lastDot))
        {
            literal = literal[..lastDot];
            lastDot = -1;
        }

        // A port after a dotted tail (::ffff:203.0.113.5:51234): no group comes after one.
        int portColon = lastDot < 0 ? -1 : literal[lastDot..].IndexOf((byte)':');
        if (portColon > 0 && lastDot + portColon + 1 < literal.Length && literal[(lastDot + portColon + 1)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
        {
            literal = literal[..(lastDot + portColon)];
        }

        // Fast path for the pseudonyms themselves: whether or not the rest parses, it is no raw address. So is an IPv4
        // pseudonym after a hex key's colon ("db:10.0.0.5" scrubbed), which is no IPv6 literal of the key and it.
        if (literal.StartsWith("2001:db8:4:"u8) || literal.StartsWith("2001:db8:6:"u8)
            || (!afterSeparator && QuadContext.IsHexKeyBeforeIpv4Pseudonym(line, a)))
        {
            return false;
        }

        Span<byte> address = stackalloc byte[16];
        if (!TryParseIpv6(literal, address) || literal.IndexOfAnyInRange((byte)'0', (byte)'9') < 0)
        {
            return false;
        }

        // A dotted tail is judged by the IPv4 rules on its own: after a ':' it is not an address.
        bool pseudonym = address[0] == 0x20 && address[1] == 0x01 && address[2] == 0x0d && address[3] == 0xb8
            && address[4] == 0 && address[5] is 4 or 6;
        return !pseudonym;
    }

    /// <summary>Text form of RFC 4291 §2.2: hex groups, at most one "::", optionally a dotted IPv4 tail.</summary>
    private static bool TryParseIpv6(ReadOnlySpan<byte> text, Span<byte> address)
    {
        Span<ushort> head = stackalloc ushort[8];
        Span<ushort> tail = stackalloc ushort[8];
        int headCount;
        int tailCount = 0;
        int gap = text.IndexOf("::"u8);
        if (gap < 0)
        {
            // Eight groups need seven colons, or six and a dotted tail.
            if (text.Count((byte)':') < 6)
            {
                return false;
            }

            if (!TryParseGroups(text, head, out headCount) || headCount != 8)
            {
                return false;
            }
        }
        else
        {
            var before = text[..gap];
            var after = text[(gap + 2)..];
            if (before.Contains((byte)'.') || after.IndexOf("::"u8) >= 0 || (after.Length > 0 && after[0] == ':')
                || !TryParseGroups(before, head, out headCount) || !TryParseGroups(after, tail, out tailCount)
                || headCount + tailCount > 7 || headCount + tailCount == 0)
            {
                return false;
            }
        }

        address.Clear();
        for (int g = 0; g < headCount; g++)
        {
            address[2 * g] = (byte)(head[g] >> 8);
            address[(2 * g) + 1] = (byte)head[g];
        }

        for (int g = 0; g < tailCount; g++)
        {
            int at = 2 * (8 - tailCount + g);
            address[at] = (byte)(tail[g] >> 8);
            address[at + 1] = (byte)tail[g];
        }

        return true;
    }

    /// <summary>Colon-separated hex groups; the last may be a dotted IPv4 address, which counts as two.</summary>
    private static bool TryParseGroups(ReadOnlySpan<byte> text, Span<ushort> groups, out int count)
    {
        count = 0;
        if (text.IsEmpty)
        {
            return true;
        }

        while (true)
        {
            int colon = text.IndexOf((byte)':');
            var part = colon < 0 ? text : text[..colon];
            if (part.Contains((byte)'.'))
            {
                if (colon >= 0 || count > 6 || !IsQuad(part, 0, out int end) || end != part.Length)
                {
                    return false;
                }

                uint quad = QuadValue(part);

                groups[count++] = (ushort)(quad >> 16);
                groups[count++] = (ushort)quad;
                return true;
            }

            if (part.IsEmpty || part.Length > 4 || count == 8)
            {
                return false;
            }

            uint value = 0;
            foreach (byte b in part)
            {
                if (!IsHex(b))
                {
                    return false;
                }

                value = (value << 4) | (uint)(IsDigit(b) ? b - '0' : (b | 0x20) - 'a' + 10);
            }

            groups[count++] = (ushort)value;
            if (colon < 0)
            {
                return true;
            }

            text = text[(colon + 1)..];
        }
    }

    /// <summary>An address around the at-sign at <paramref name="at"/>, <paramref name="width"/> bytes long ('@' or <c>%40</c>), that is no pseudonym.</summary>
    private static bool IsRawEmailAtSign(ReadOnlySpan<byte> line, int at, int width)
    {
        int localStart = at;
        while (localStart > 0 && IsEmailLocal(line[localStart - 1]))
        {
            if (line[localStart - 1] == '%' && EmailDetector.IsEscapedDelimiter(line, localStart - 1, at))
            {
                // An escaped space or comma (%20, %2C) ends the text before the address.
                localStart += 2;
                break;
            }

            localStart--;
        }

        if (localStart == at && !HasQuotedLocalPart(line, at))
        {
            return false;
        }

        int end = at + width;
        int labels = 0;
        int topLevel = end;
        while (true)
        {
            int label = end;
            while (end < line.Length && IsDomainLabel(line[end]))
            {
                end++;
            }

            if (end == label)
            {
                return false;
            }

            labels++;
            topLevel = label;
            if (end + 1 < line.Length && line[end] == '.' && IsDomainLabel(line[end + 1]))
            {
                end++;
                continue;
            }

            break;
        }

        if (labels < 2 || end - topLevel < 2)
        {
            return false;
        }

        foreach (byte b in line[topLevel..end])
        {
            if (!IsAlpha(b) && b < 0x80)
            {
                return false;
            }
        }

        if (EmailDetector.IsSystemdUnit(line[topLevel..end]))
        {
            return false;
        }

        return !(width == 1 && line[(at + 1)..end].SequenceEqual(PseudonymDomain) && at - localStart >= 18 && IsPseudonymLocal(line[(at - 18)..at]));
    }

    /// <summary>
    /// A quoted local part before the at-sign: <c>"john doe"@</c>, one to 64 printable bytes without a quote, a
    /// backslash, an '@' or a bracket (a removal marker) between the quotes, after a space, the line's start or one of <c>&lt;(,;:=[</c>.
    /// </summary>
    private static bool HasQuotedLocalPart(ReadOnlySpan<byte> line, int at)
    {
        if (at < 3 || line[at - 1] != '"')
        {
            return false;
        }

        int open = at - 2;
        while (open >= 0 && at - 1 - open <= 65 && line[open] is >= 0x20 and < 0x7F && line[open] is not ((byte)'"' or (byte)'\\' or (byte)'@' or (byte)'[' or (byte)']'))
        {
            open--;
        }

        return open >= 0 && open < at - 2 && line[open] == '"'
            && (open == 0 || line[open - 1] is (byte)' ' or (byte)'<' or (byte)'(' or (byte)',' or (byte)';' or (byte)':' or (byte)'=' or (byte)'[');
    }

    private static bool IsPseudonymLocal(ReadOnlySpan<byte> local)
    {
        if (local[0] != 'u' || local[1] != '-')
        {
            return false;
        }

        foreach (byte b in local[2..])
        {
            if (!(b is >= (byte)'a' and <= (byte)'z' or >= (byte)'2' and <= (byte)'7'))
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (Classes[b] & Digit) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAlpha(byte b) => (Classes[b] & (HexLetter | OtherLetter)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsHex(byte b) => (Classes[b] & (Digit | HexLetter)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsEmailLocal(byte b) => (Classes[b] & (Digit | HexLetter | OtherLetter | LocalPunctuation | Utf8)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDomainLabel(byte b) => (Classes[b] & (Digit | HexLetter | OtherLetter | Utf8)) != 0 || b == '-';

    private static byte[] BuildClasses()
    {
        var classes = new byte[256];
        foreach (char c in "0123456789")
        {
            classes[c] = Digit;
        }

        foreach (char c in "abcdefABCDEF")
        {
            classes[c] = HexLetter;
        }

        foreach (char c in "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ")
        {
            classes[c] = OtherLetter;
        }

        for (int b = 0x80; b <= 0xFF; b++)
        {
            classes[b] = Utf8;
        }

        classes['.'] = LocalPunctuation;
        foreach (char c in "_%+-")
        {
            classes[c] = LocalPunctuation;
        }

        return classes;
    }

    private static bool IsEscape(ReadOnlySpan<byte> line, int index) =>
        index >= 1 && line[index - 1] == '\\' && line[index] is (byte)'n' or (byte)'r' or (byte)'t' or (byte)'b' or (byte)'f';
}
