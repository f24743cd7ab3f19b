namespace Diagnostics.Pseudonymization;

/// <summary>
/// A user name written before an address, the way FTP servers and remote shells name a session:
/// <c>(alice@203.0.113.7)</c> (pure-ftpd), <c>alice@10.0.0.1</c>, <c>alice@[2001:db8::1]</c>, or before a host name of one
/// label and a port (Hadoop's <c>LeaseRenewer:alice@namenode-1:9000</c>), or before a database and a severity
/// (PostgreSQL's <c>alice@shop FATAL:</c>). Its domain is no
/// name, so it is not an e-mail address and the e-mail rules leave it; the address after it is the address rules'.
/// The name is letters, digits, '.', '_' and '-' up to the '@', starting with a letter, a digit or '_'; the address
/// is an IPv4 or IPv6 literal as the address rules read one (<c>10.0.0.1.5</c> is none), and the name does not follow
/// an IPv6 literal's groups. The scrubber
/// pseudonymizes the name; the verification gate accepts only a pseudonym there. Both follow this specification.
/// </summary>
internal static class UserAtAddress
{
    /// <summary>The name before the '@' at <paramref name="at"/>, when an address follows the '@'.</summary>
    internal static bool TryName(ReadOnlySpan<byte> line, int at, out int start)
    {
        start = at;
        while (start > 0 && (AsciiClass.IsWord(line[start - 1]) || line[start - 1] is (byte)'.' or (byte)'-'))
        {
            start--;
        }

        return start < at && AsciiClass.IsWord(line[start]) && !FollowsIpv6Literal(line, start)
            && (IsAddressAt(line, at + 1) || IsHostAndPortAt(line, at + 1) || IsDatabaseAndSeverityAt(line, at + 1));
    }

    /// <summary>PostgreSQL's severities, which its log lines carry after their prefix.</summary>
    private static readonly WordSet Severities = new(
        ignoreCase: false, "LOG:", "FATAL:", "ERROR:", "WARNING:", "NOTICE:", "INFO:", "DEBUG:", "PANIC:", "STATEMENT:", "DETAIL:", "HINT:", "CONTEXT:");

    /// <summary>
    /// A database name and a PostgreSQL severity after it: the <c>%u@%d</c> of <c>log_line_prefix</c> (Debian's default,
    /// <c>… [1234] alice@shop FATAL:  password authentication failed</c>).
    /// </summary>
    private static bool IsDatabaseAndSeverityAt(ReadOnlySpan<byte> line, int position)
    {
        // No dot: an e-mail address before a severity stays the e-mail rules'.
        int end = position;
        while (end < line.Length && (AsciiClass.IsWord(line[end]) || line[end] == '-'))
        {
            end++;
        }

        if (end == position || end + 1 >= line.Length || line[end] != ' ')
        {
            return false;
        }

        int severity = end + 1;
        int colon = line[severity..].IndexOf((byte)':');
        return colon > 0 && Severities.Contains(line.Slice(severity, colon + 1));
    }

    /// <summary>
    /// A host name of one label, starting with a letter, and a port that ends there (<c>msra-sa-41:9000</c>): a dotted
    /// name would make an e-mail address; a <c>host-</c> pseudonym stands where the host rules took the host
    /// (<c>10-0-0-1:22</c>), and digits followed by a ':' are the start of an IPv6 literal, not a port.
    /// </summary>
    private static bool IsHostAndPortAt(ReadOnlySpan<byte> line, int position)
    {
        if (position >= line.Length || !AsciiClass.IsLetter(line[position]) || line[position..].StartsWith("host-"u8))
        {
            return false;
        }

        int end = position;
        while (end < line.Length && (AsciiClass.IsLetterOrDigit(line[end]) || line[end] == '-'))
        {
            end++;
        }

        if (end + 1 >= line.Length || line[end] != ':' || !AsciiClass.IsDigit(line[end + 1]))
        {
            return false;
        }

        int port = end + 1;
        while (port < line.Length && AsciiClass.IsDigit(line[port]))
        {
            port++;
        }

        return port == line.Length || !(AsciiClass.IsWord(line[port]) || line[port] is (byte)':' or (byte)'.' or (byte)'-');
    }

    /// <summary>
    /// After hex digits and two or more colons the "name" is the end of an IPv6 literal (<c>2001:db8::1@…</c>, or the
    /// pseudonym written for one), not a name; after one colon it is a key's value (<c>user:alice@10.0.0.1</c>).
    /// </summary>
    private static bool FollowsIpv6Literal(ReadOnlySpan<byte> line, int start)
    {
        int colons = 0;
        for (int i = start - 1; i >= 0 && (line[i] == ':' || AsciiClass.IsHex(line[i])); i--)
        {
            if (line[i] == ':' && ++colons >= 2)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A removal marker right after the address means the scrubber removed what followed (<c>2001:db8::4111…</c> was one
    /// token with a card in it); the gate cannot tell what the address was part of.
    /// </summary>
    private static bool IsMarkerAt(ReadOnlySpan<byte> line, int end) => end < line.Length && line[end] == '[';

    private static bool IsAddressAt(ReadOnlySpan<byte> line, int position)
    {
        if (position < line.Length && line[position] == '[')
        {
            position++;
        }

        if (position >= line.Length || !AsciiClass.IsHex(line[position]) && line[position] != ':')
        {
            return false;
        }

        // An IPv4 address where the address rules take one, and so where the output will hold its pseudonym.
        if (Ipv4Detector.TryParseQuad(line, position, out _, out _))
        {
            return Ipv4Detector.TryMatch(line, position, out int quadEnd, out _) && !IsMarkerAt(line, quadEnd);
        }

        Span<byte> address = stackalloc byte[16];
        return Ipv6Detector.TryMatch(line, position, afterSeparator: true, address, out int end) && !IsMarkerAt(line, end);
    }
}
