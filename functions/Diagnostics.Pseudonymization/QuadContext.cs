namespace Diagnostics.Pseudonymization;

/// <summary>
/// Whether a dotted quad right after a ':' is an address or a version. Privacy comes first: it is an
/// address (<c>client:203.0.113.7</c>, <c>src:10.0.0.1</c>) when the word before the colon holds a letter
/// that is not a hex digit and is not a version marker (<c>rv:1.8.1.3</c>, <c>v:</c>, <c>ver:</c>,
/// <c>version:</c>). A word of hex digits only (<c>ff:1.2.3.4</c>, <c>12:1.2.3.4</c>) reads as an IPv6
/// group, whose rules judge it, and its pseudonym would be one too. The scrubber and the verification
/// gate both follow this specification.
/// </summary>
internal static class QuadContext
{
    /// <summary>A quad right after the ':' at <paramref name="colon"/> is an address.</summary>
    internal static bool IsAddressAfterColon(ReadOnlySpan<byte> line, int colon)
    {
        int keyStart = colon;
        // The word's bytes as the IPv6 rules see a group: an escape (\n) or a dash ends it.
        while (keyStart > 0 && AsciiClass.IsWord(line[keyStart - 1]) && !AsciiClass.IsEscapeLetter(line, keyStart - 1))
        {
            keyStart--;
        }

        var key = line[keyStart..colon];
        return !IsHexWord(key) && !IsVersionMarker(key);
    }

    /// <summary>
    /// A quad right after the '/' at <paramref name="slash"/> is an address when the word before is a proxy's
    /// hierarchy code, capitals and '_' only and five or more of them (squid's <c>HIER_DIRECT/93.184.216.34</c>,
    /// <c>DIRECT/…</c>, <c>PARENT_HIT/…</c>): a product token with a four-part version (<c>Firefox/2.0.0.14</c>,
    /// <c>PHP/…</c>, <c>OPR/…</c>) is mixed-case or shorter.
    /// </summary>
    internal static bool IsPeerAfterSlash(ReadOnlySpan<byte> line, int slash)
    {
        int start = slash;
        while (start > 0 && line[start - 1] is >= (byte)'A' and <= (byte)'Z' or (byte)'_')
        {
            start--;
        }

        return slash - start >= 5 && (start == 0 || !AsciiClass.IsWord(line[start - 1]));
    }

    /// <summary>
    /// A quad right after the '/' at <paramref name="slash"/> is a version when the slash ends a product token: a word of
    /// letters, digits, '.', '_' or '+' with a letter in it, that is not itself a path's segment, i.e. not after a
    /// '/' (<c>Firefox/2.0.0.14</c>, <c>zlib/1.2.3.4</c>, JSON's <c>Firefox\/2.0.0.14</c>). After a path's segment
    /// (<c>GET /ip/10.0.0.5</c>, <c>/hosts/10.0.0.5/status</c>, <c>http://example.com/10.0.0.5</c>), after no word
    /// (<c>from /10.251.42.84</c>, HDFS's client) or after a word with a dash, which is how Java writes a host and its
    /// address (<c>MININT-FNANLI5/127.0.0.1</c>, <c>LearnerHandler-/10.10.34.11</c>), it is an address: privacy first, a
    /// version in a path becomes a pseudonym too.
    /// </summary>
    internal static bool IsVersionAfterSlash(ReadOnlySpan<byte> line, int slash)
    {
        // JSON escapes the slash: "Firefox\/2.0.0.14".
        int end = slash >= 1 && line[slash - 1] == '\\' ? slash - 1 : slash;
        int start = end;
        bool letter = false;
        while (start > 0 && (AsciiClass.IsWord(line[start - 1]) || line[start - 1] is (byte)'.' or (byte)'-' or (byte)'+'))
        {
            start--;
            letter |= AsciiClass.IsLetter(line[start]);
            if (line[start] == '-')
            {
                return false;
            }
        }

        return letter && (start == 0 || line[start - 1] != '/');
    }

    private static bool IsHexWord(ReadOnlySpan<byte> word)
    {
        foreach (byte b in word)
        {
            if (!AsciiClass.IsHex(b))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsVersionMarker(ReadOnlySpan<byte> key) =>
        System.Text.Ascii.EqualsIgnoreCase(key, "rv"u8)
        || System.Text.Ascii.EqualsIgnoreCase(key, "v"u8)
        || System.Text.Ascii.EqualsIgnoreCase(key, "ver"u8)
        || System.Text.Ascii.EqualsIgnoreCase(key, "version"u8);
}
