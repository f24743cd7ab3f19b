namespace Diagnostics.Pseudonymization;

/// <summary>
/// Whether a dotted quad right after a ':' or a '/' is an address or a version. Privacy comes first. After a colon it
/// is an address (<c>client:203.0.113.7</c>, <c>src:10.0.0.1</c>, <c>db:10.0.0.5</c>) unless the word before the colon
/// is a version marker (<c>rv:1.8.1.3</c>, <c>v:</c>, <c>ver:</c>, <c>version:</c>) or a hex group that follows
/// another colon (<c>::ffff:1.2.3.4</c>, <c>1:2:3:4:5:6:1.2.3.4</c>): that is an IPv6 literal's tail, which the IPv6
/// rules judge. After a URL's percent-escape it is an address too, the escape standing for a delimiter. The scrubber
/// and the verification gate both follow this specification.
/// </summary>
internal static class QuadContext
{
    /// <summary>The last labels of host names that are not two-letter country codes: generic and local suffixes.</summary>
    private static readonly WordSet HostSuffixes = new(
        ignoreCase: false, "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "local", "localdomain", "internal", "lan", "corp", "home",
        "arpa", "invalid", "test", "example");

    /// <summary>Words that name an address or a host, never a product.</summary>
    private static readonly WordSet AddressWords = new(
        ignoreCase: true, "localhost", "ip", "ipv4", "ipaddr", "addr", "address", "host", "hostname", "client", "peer", "remote", "src", "dst");

    private static readonly WordSet VersionMarkers = new(ignoreCase: true, "rv", "v", "ver", "version");

    /// <summary>
    /// Whether a URL's percent-escape (<c>%2C</c>, <c>%20</c>) ends right before <paramref name="start"/>: it stands for a
    /// delimiter, so a quad after it is not glued to a word (<c>?ips=203.0.113.5%2C198.51.100.7</c>).
    /// </summary>
    internal static bool FollowsPercentEscape(ReadOnlySpan<byte> line, int start) =>
        start >= 3 && line[start - 3] == '%' && AsciiClass.IsHex(line[start - 2]) && AsciiClass.IsHex(line[start - 1]);

    /// <summary>
    /// Where a quad's first number starts when a percent-escape ends inside the digits before the <paramref name="dot"/>
    /// (<c>%20198.51.100.7</c> is a space and <c>198.51.100.7</c>): one to three digits after the escape; -1 when none.
    /// </summary>
    internal static int StartAfterPercentEscape(ReadOnlySpan<byte> line, int dot)
    {
        for (int start = Math.Max(3, dot - 3); start < dot; start++)
        {
            if (FollowsPercentEscape(line, start) && !line[start..dot].ContainsAnyExceptInRange((byte)'0', (byte)'9'))
            {
                return start;
            }
        }

        return -1;
    }

    /// <summary>
    /// tcpdump's endpoints, an address and its port joined by a dot: <c>IP 203.0.113.5.443 &gt; 198.51.100.7.51234: Flags
    /// [S]</c>, <c>IP6 2001:db8::1.443 &gt; …</c>. The address from <paramref name="start"/> to <paramref name="end"/> is
    /// one when <c>IP </c>, <c>IP6 </c> or <c> &gt; </c> comes before it and a port of one to five digits after its dot,
    /// then <c> &gt; </c> or <c>: </c>; elsewhere a fifth dotted number makes a version or an identifier.
    /// </summary>
    internal static bool IsTcpdumpEndpoint(ReadOnlySpan<byte> line, int start, int end)
    {
        var before = line[..start];
        if (!(before.EndsWith("IP "u8) || before.EndsWith("IP6 "u8) || before.EndsWith(" > "u8)) || end + 1 >= line.Length || line[end] != '.')
        {
            return false;
        }

        int port = end + 1;
        int portEnd = port;
        while (portEnd < line.Length && AsciiClass.IsDigit(line[portEnd]) && portEnd - port < 5)
        {
            portEnd++;
        }

        return portEnd > port && (line[portEnd..].StartsWith(" > "u8) || line[portEnd..].StartsWith(": "u8));
    }

    /// <summary>
    /// The quad at <paramref name="start"/> follows <c>version</c> or <c>ver</c> (any case) and a space, an '=' or both a
    /// ':' and a space: <c>wcp.dll version 0.0.0.6</c>, .NET's <c>Version=4.0.0.0, Culture=neutral</c>,
    /// <c>version: 10.0.0.1</c>. A version, as after <c>version:</c>.
    /// </summary>
    internal static bool FollowsVersionMarker(ReadOnlySpan<byte> line, int start)
    {
        int end = start;
        if (end > 0 && line[end - 1] == ' ')
        {
            end--;
        }

        if (end > 0 && line[end - 1] is (byte)'=' or (byte)':' && (line[end - 1] == '=' || end < start))
        {
            end--;
        }

        int wordStart = end;
        while (wordStart > 0 && AsciiClass.IsLetter(line[wordStart - 1]))
        {
            wordStart--;
        }

        var word = line[wordStart..end];
        return end < start && (System.Text.Ascii.EqualsIgnoreCase(word, "version"u8) || System.Text.Ascii.EqualsIgnoreCase(word, "ver"u8))
            && !(wordStart > 0 && AsciiClass.IsWord(line[wordStart - 1]));
    }

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
        return !VersionMarkers.Contains(key) && !(IsHexWord(key) && keyStart > 0 && line[keyStart - 1] == ':');
    }

    /// <summary>
    /// The literal of hex groups and colons from <paramref name="start"/> is one hex word (at most four digits, not after
    /// a ':') and a colon before an IPv4 pseudonym: what <c>db:10.0.0.5</c> becomes. Such a word and one colon before a
    /// dotted quad can never be an IPv6 literal (that needs a "::" or six colons), so the quad was an address after a
    /// key; the gate reads the pseudonym after the key, not the whole as one IPv6 literal.
    /// </summary>
    internal static bool IsHexKeyBeforeIpv4Pseudonym(ReadOnlySpan<byte> line, int start)
    {
        if (start > 0 && line[start - 1] == ':')
        {
            return false;
        }

        int colon = line[start..].IndexOf((byte)':');
        return colon is >= 1 and <= 4 && IsHexWord(line.Slice(start, colon)) && line[(start + colon + 1)..].StartsWith("2001:db8:4::"u8);
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
    /// '/' (<c>Firefox/2.0.0.14</c>, <c>zlib/1.2.3.4</c>, <c>UP.Browser/6.2.0.5</c>, JSON's <c>Firefox\/2.0.0.14</c>).
    /// After a path's segment (<c>GET /ip/10.0.0.5</c>, <c>/hosts/10.0.0.5/status</c>, <c>http://example.com/10.0.0.5</c>),
    /// after no word (<c>from /10.251.42.84</c>, HDFS's client) it is an address: privacy first, a version in a path
    /// becomes a pseudonym too. So it is after a host name, which is how Java writes a host and its address: a word
    /// with a dash (<c>MININT-FNANLI5/127.0.0.1</c>, <c>LearnerHandler-/10.10.34.11</c>), a dotted name that ends like a
    /// host's (<c>node1.example.com/10.0.0.5</c>; a product's is capitalised or a reversed domain), and the words
    /// that name an address or a host (<c>localhost/127.0.0.1</c>, <c>ip/10.0.0.5</c>, <c>client/</c>, <c>peer/</c>…).
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

        if (!letter || (start > 0 && line[start - 1] == '/'))
        {
            return false;
        }

        var word = line[start..end];
        return !IsLowerCaseDomain(word) && !AddressWords.Contains(word);
    }

    /// <summary>
    /// A dotted name that ends like a host's: its last label a two-letter country code or a generic or local suffix
    /// (<c>node1.example.com</c>, <c>db.corp.internal</c>), in lower case. A product's name is capitalised
    /// (<c>UP.Browser</c>) or an application's reversed domain (<c>com.example.app</c>), whose last label is none of those.
    /// </summary>
    private static bool IsLowerCaseDomain(ReadOnlySpan<byte> word)
    {
        int dot = word.LastIndexOf((byte)'.');
        if (dot <= 0)
        {
            return false;
        }

        var last = word[(dot + 1)..];
        if (last.Length == 2)
        {
            return last[0] is >= (byte)'a' and <= (byte)'z' && last[1] is >= (byte)'a' and <= (byte)'z';
        }

        return HostSuffixes.Contains(last);
    }

    /// <summary>
    /// Whether <paramref name="address"/> is private, shared or loopback (10/8, 172.16/12, 192.168/16, 100.64/10, 127/8,
    /// 169.254/16): after a product-like word (<c>namenode/10.0.0.5</c>, <c>localhost/127.0.0.1</c>) such a quad is Java's
    /// host and address, not a version (a version's second or third number is seldom 16-31, 168, 64-127 or 254 after
    /// those first ones).
    /// </summary>
    internal static bool IsPrivateOrLoopback(uint address) =>
        (address >> 24) is 10 or 127
        || (address >> 20) == 0xAC1
        || (address >> 16) is 0xC0A8 or 0xA9FE
        || (address >> 22) == (100 << 2 | 1);

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
}
