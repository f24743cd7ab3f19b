namespace Diagnostics.Pseudonymization;

/// <summary>
/// Dotted-quad IPv4 literals in context. A quad glued to a word (<c>x1.2.3.4</c>, <c>1.2.3.4a</c>), after
/// a version marker (<c>rv:1.8.1.3</c>, <c>version 0.0.0.6</c>, <c>Version=4.0.0.0</c>) or a product token (<c>Firefox/2.0.0.14</c>), or part of a longer
/// dotted number (<c>3.14.15.92.65</c>) is a version or a number, not an address; after <c>//</c> (a URL
/// authority), after a proxy's hierarchy code (<c>HIER_DIRECT/</c>), after any other '/' that does not end a
/// product token (<c>/ip/10.0.0.5</c>, <c>from /10.251.42.84</c>), after a URL's percent-escape (<c>%2C10.0.0.5</c>) or
/// before a <c>:port</c> it is an address again. <see cref="QuadContext"/> judges a ':' before it.
/// </summary>
internal static class Ipv4Detector
{
    internal static bool TryMatch(ReadOnlySpan<byte> line, int start, out int end, out uint address)
    {
        end = 0;
        address = 0;
        bool needsPort = false;
        if (start > 0)
        {
            byte before = line[start - 1];
            if (AsciiClass.IsWord(before))
            {
                if (!AsciiClass.IsEscapeLetter(line, start - 1) && !QuadContext.FollowsPercentEscape(line, start))
                {
                    return false;
                }
            }
            else if (before == ':')
            {
                if (!QuadContext.IsAddressAfterColon(line, start - 1))
                {
                    return false;
                }
            }
            else if (before is (byte)' ' or (byte)'=')
            {
                if (QuadContext.FollowsVersionMarker(line, start))
                {
                    return false;
                }
            }
            else if (before == '.')
            {
                if (start >= 2 && AsciiClass.IsDigit(line[start - 2]))
                {
                    return false;
                }
            }
            else if (before == '/')
            {
                needsPort = !FollowsDoubleSlash(line, start - 1) && !QuadContext.IsPeerAfterSlash(line, start - 1) && QuadContext.IsVersionAfterSlash(line, start - 1);
            }
        }

        if (!TryParseQuad(line, start, out end, out address))
        {
            return false;
        }

        // A private or loopback address after a product-like word is Java's host/address (namenode/10.0.0.5).
        needsPort &= !QuadContext.IsPrivateOrLoopback(address);

        if (end < line.Length)
        {
            byte after = line[end];
            if (AsciiClass.IsLetter(after) || after == '_'
                || (after == '.' && end + 1 < line.Length && AsciiClass.IsDigit(line[end + 1]) && !QuadContext.IsTcpdumpEndpoint(line, start, end)))
            {
                return false;
            }
        }

        return !needsPort || (end + 1 < line.Length && line[end] == ':' && AsciiClass.IsDigit(line[end + 1]));
    }

    /// <summary>Four decimal components of one to three digits, each at most 255; nothing about the context.</summary>
    internal static bool TryParseQuad(ReadOnlySpan<byte> line, int start, out int end, out uint address)
    {
        int pos = start;
        uint value = 0;
        for (int part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (pos >= line.Length || line[pos] != '.')
                {
                    end = 0;
                    address = 0;
                    return false;
                }

                pos++;
            }

            int digits = 0;
            uint component = 0;
            while (pos < line.Length && AsciiClass.IsDigit(line[pos]))
            {
                if (++digits > 3)
                {
                    end = 0;
                    address = 0;
                    return false;
                }

                component = (component * 10) + (uint)(line[pos] - '0');
                pos++;
            }

            if (digits == 0 || component > 255)
            {
                end = 0;
                address = 0;
                return false;
            }

            value = (value << 8) | component;
        }

        end = pos;
        address = value;
        return true;
    }

    /// <summary>The slash at <paramref name="slash"/> ends <c>//</c> or its JSON-escaped form <c>\/\/</c>.</summary>
    private static bool FollowsDoubleSlash(ReadOnlySpan<byte> line, int slash) =>
        (slash >= 1 && line[slash - 1] == '/') || (slash >= 2 && line[slash - 1] == (byte)'\\' && line[slash - 2] == (byte)'/');
}
