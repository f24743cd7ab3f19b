namespace Diagnostics.Pseudonymization;

/// <summary>
/// Finds identifiers in one line of UTF-8 and writes the line with each replaced by its pseudonym.
/// Every other byte is copied as it is. Two passes: e-mail addresses first, then IP literals in the
/// text where the e-mail addresses are already pseudonyms. An e-mail local part can absorb what looks
/// like the end of an address (<c>10.0.0.1a@b.example</c>), so IP literals are only judged, by their
/// neighbouring bytes, once those bytes are final: the verification gate then sees the same
/// neighbourhood the detectors saw.
/// </summary>
internal static class IdentifierScanner
{
    /// <summary>
    /// A pseudonym is at most this many times longer than the text it replaces (<c>::1</c> → 35 bytes);
    /// e-mail pseudonyms and IP pseudonyms never overlap, so this bounds a whole line.
    /// </summary>
    internal const int MaxExpansion = 12;

    /// <summary>The e-mail pass grows a line at most this much (<c>a@b.cc</c> → 36 bytes).</summary>
    internal const int MaxEmailExpansion = 6;

    /// <summary>The pseudonym of <paramref name="value"/> when the whole of it is one identifier.</summary>
    internal static bool TryPseudonymizeWhole(ReadOnlySpan<byte> value, Pseudonymizer pseudonymizer, Span<byte> destination, out int written)
    {
        int scan = 0;
        if (value.Contains((byte)'@') || value.IndexOf("%40"u8) >= 0)
        {
            if (FindEmail(value, ref scan, 0, out var email) && email.Start == 0 && email.End == value.Length)
            {
                written = pseudonymizer.WriteEmail(value[..email.At], value[(email.At + EmailDetector.AtSignWidth(value, email.At))..], destination);
                return true;
            }
        }
        else
        {
            Span<byte> address = stackalloc byte[16];
            var bits = LineBits.Of(value, LineBits.Reader.Addresses);
            if (FindAddress(value, ref scan, bits, address, out var found) && found.Start == 0 && found.End == value.Length)
            {
                written = Write(value, found, address, pseudonymizer, destination);
                return true;
            }
        }

        written = 0;
        return false;
    }

    internal static int ReplaceEmails(ReadOnlySpan<byte> line, Span<byte> destination, Pseudonymizer pseudonymizer, ref DetectorCounts counts)
    {
        int written = 0;
        int copied = 0;
        int scan = 0;
        while (FindEmail(line, ref scan, copied, out var email))
        {
            line[copied..email.Start].CopyTo(destination[written..]);
            written += email.Start - copied;
            written += pseudonymizer.WriteEmail(line[email.Start..email.At], line[(email.At + EmailDetector.AtSignWidth(line, email.At))..email.End], destination[written..]);
            counts.Email++;
            copied = email.End;
        }

        line[copied..].CopyTo(destination[written..]);
        return written + line.Length - copied;
    }

    /// <summary>Writes <paramref name="line"/> with its IP literals replaced; <paramref name="bits"/> are the line's <see cref="LineBits"/>.</summary>
    internal static int ReplaceAddresses(ReadOnlySpan<byte> line, in LineBits bits, Span<byte> destination, Pseudonymizer pseudonymizer, ref DetectorCounts counts)
    {
        Span<byte> address = stackalloc byte[16];
        int written = 0;
        int copied = 0;
        int scan = 0;
        while (FindAddress(line, ref scan, bits, address, out var found))
        {
            line[copied..found.Start].CopyTo(destination[written..]);
            written += found.Start - copied;

            // An address and its port (203.0.113.7:8080) become an IPv6 pseudonym, which a port would read as one more
            // group: it is bracketed, as IPv6 is written with a port ([2001:db8:4::…]:8080). Not where the address is
            // glued to what comes before (a word, a dash, a dot, a key's colon or a bracket): the rules that read such
            // a chain read it with the pseudonym as it was.
            bool bracket = found.Kind != IdentifierKind.Email && IsPortAfter(line, found.End)
                && !(found.Start > 0 && (AsciiClass.IsWord(line[found.Start - 1]) || line[found.Start - 1] is (byte)'-' or (byte)'.' or (byte)':' or (byte)'[' or (byte)'\\'));
            if (bracket)
            {
                destination[written++] = (byte)'[';
            }

            written += Write(line, found, address, pseudonymizer, destination[written..]);
            if (bracket)
            {
                destination[written++] = (byte)']';
            }
            switch (found.Kind)
            {
                case IdentifierKind.Ipv4:
                    counts.Ipv4++;
                    break;
                case IdentifierKind.Ipv6:
                    counts.Ipv6++;
                    break;
                default:
                    counts.Email++;
                    break;
            }

            copied = found.End;
        }

        line[copied..].CopyTo(destination[written..]);
        return written + line.Length - copied;
    }

    private static int Write(ReadOnlySpan<byte> line, in Address found, ReadOnlySpan<byte> address, Pseudonymizer pseudonymizer, Span<byte> destination) =>
        found.Kind switch
        {
            IdentifierKind.Ipv4 => pseudonymizer.WriteIpv4(found.Ipv4, destination),
            IdentifierKind.Ipv6 => pseudonymizer.WriteIpv6(address, destination),
            _ => pseudonymizer.WriteEmail(line[found.Start..found.At], line[(found.At + 1)..found.End], destination),
        };

    /// <summary>The next e-mail address at or after <paramref name="scan"/>; its local part reaches back to <paramref name="floor"/> at most.</summary>
    private static bool FindEmail(ReadOnlySpan<byte> line, ref int scan, int floor, out Email found)
    {
        int i = scan;
        while (i < line.Length)
        {
            // An '@', or a '%' or '\' that may start an encoded one (%40, \u0040).
            int hit = line[i..].IndexOfAny((byte)'@', (byte)'%', (byte)'\\');
            if (hit < 0)
            {
                break;
            }

            int at = i + hit;
            if (EmailDetector.AtSignWidth(line, at) > 0 && EmailDetector.TryMatch(line, at, floor, out int start, out int end))
            {
                // a@b.example@c.example is one address whose local part holds an '@'.
                while (end < line.Length && EmailDetector.AtSignWidth(line, end) > 0 && EmailDetector.TryMatch(line, end, start, out _, out int next))
                {
                    at = end;
                    end = next;
                }

                found = new Email(start, at, end);
                scan = end;
                return true;
            }

            i = at + 1;
        }

        scan = line.Length;
        found = default;
        return false;
    }

    /// <summary>
    /// The next IPv4 or IPv6 literal at or after <paramref name="scan"/>; IPv6 bytes are left in <paramref name="address"/>.
    /// IPv6 literals are only looked for when the line's <paramref name="bits"/> say it can hold one; otherwise only the
    /// dotted quads they mark are judged.
    /// </summary>
    private static bool FindAddress(ReadOnlySpan<byte> line, ref int scan, in LineBits bits, scoped Span<byte> address, out Address found)
    {
        if (!bits.MayHoldIpv6Literal)
        {
            return FindIpv4(line, ref scan, bits, out found);
        }

        int i = scan;
        while (i < line.Length)
        {
            // Every literal has a '.' or a ':' within its first five bytes: look only just before the next one.
            int separator = line[i..].IndexOfAny((byte)'.', (byte)':');
            if (separator < 0)
            {
                break;
            }

            separator += i;
            int from = Math.Max(i, separator - 4);
            int hit = line[from..(separator + 1)].IndexOfAny(AsciiClass.AddressTriggers);
            if (hit < 0)
            {
                i = separator + 1;
                continue;
            }

            int p = from + hit;
            int start = p;
            while (start > from && AsciiClass.IsHexLetter(line[start - 1]))
            {
                start--;
            }

            int end;
            if (MayStartIpv6(line, start) && Ipv6Detector.TryMatch(line, start, afterSeparator: false, address, out end))
            {
                found = Ipv6(line, start, end);
                scan = found.End;
                return true;
            }

            if (line[p] == ':')
            {
                if (start == p && IsSeparatorColon(line, p) && Ipv6Detector.TryMatch(line, p + 1, afterSeparator: true, address, out end))
                {
                    found = Ipv6(line, p + 1, end);
                    scan = found.End;
                    return true;
                }

                // client:203.0.113.7 — the quad's own rules judge the word before the colon.
                if (MayStartIpv4(line, p + 1) && Ipv4Detector.TryMatch(line, p + 1, out end, out uint afterColon))
                {
                    found = new Address(IdentifierKind.Ipv4, p + 1, end, 0, afterColon);
                    scan = end;
                    return true;
                }
            }
            else if (MayStartIpv4(line, p) && Ipv4Detector.TryMatch(line, p, out end, out uint ipv4))
            {
                found = new Address(IdentifierKind.Ipv4, p, end, 0, ipv4);
                scan = end;
                return true;
            }
            else if (line[separator] == '.' && QuadContext.StartAfterPercentEscape(line, separator) is var escaped and > 0
                && escaped > p && Ipv4Detector.TryMatch(line, escaped, out end, out uint afterEscape))
            {
                found = new Address(IdentifierKind.Ipv4, escaped, end, 0, afterEscape);
                scan = end;
                return true;
            }

            i = SkipRejected(line, p + 1);
        }

        scan = line.Length;
        found = default;
        return false;
    }

    /// <summary>
    /// The next dotted quad at or after <paramref name="scan"/> in a line that holds no IPv6 literal. A quad starts where
    /// the digits start before a dot that <paramref name="bits"/> mark as a quad's first (after a digit it would be part
    /// of a larger number, which its rules reject), and <see cref="Ipv4Detector.TryMatch"/> judges it there, with the
    /// bytes around it, as the general scan does when it reaches that number.
    /// </summary>
    private static bool FindIpv4(ReadOnlySpan<byte> line, ref int scan, in LineBits bits, out Address found)
    {
        for (int dot = bits.NextDottedQuad(scan); dot >= 0; dot = bits.NextDottedQuad(dot + 1))
        {
            int start = dot - 1;
            while (start > scan && dot - start < 3 && AsciiClass.IsDigit(line[start - 1]))
            {
                start--;
            }

            if (Ipv4Detector.TryMatch(line, start, out int end, out uint ipv4)
                || (QuadContext.StartAfterPercentEscape(line, dot) is var escaped and > 0 && escaped > start
                    && Ipv4Detector.TryMatch(line, start = escaped, out end, out ipv4)))
            {
                found = new Address(IdentifierKind.Ipv4, start, end, 0, ipv4);
                scan = end;
                return true;
            }
        }

        scan = line.Length;
        found = default;
        return false;
    }

    /// <summary>
    /// Skips what follows a rejected candidate as long as no literal can start there: any position after
    /// a word byte, after a colon that follows a hex digit or a colon, or after a dot between two digits
    /// fails the start rules of both detectors. This skips <c>32.0.1700.77</c> whole; it stops at a colon
    /// before a digit, where a quad may start (<c>port1:10.0.0.1</c>).
    /// </summary>
    private static int SkipRejected(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length)
        {
            byte b = line[i];
            if (AsciiClass.IsWord(b)
                || (b == ':' && (line[i - 1] == ':' || AsciiClass.IsHex(line[i - 1])) && !(i + 1 < line.Length && AsciiClass.IsDigit(line[i + 1])))
                || (b == '.' && AsciiClass.IsDigit(line[i - 1]) && i + 1 < line.Length && AsciiClass.IsDigit(line[i + 1])))
            {
                i++;
                continue;
            }

            break;
        }

        return i;
    }

    /// <summary>Cheap look-ahead: an IPv6 literal starts with "::" or with one to four hex digits and a ':'.</summary>
    private static bool MayStartIpv6(ReadOnlySpan<byte> line, int start)
    {
        int end = Math.Min(line.Length, start + 5);
        for (int i = start; i < end; i++)
        {
            if (line[i] == ':')
            {
                return i > start || (i + 1 < line.Length && line[i + 1] == ':');
            }

            if (!AsciiClass.IsHex(line[i]))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Cheap look-ahead: a dotted quad starts with one to three digits and a '.'.</summary>
    private static bool MayStartIpv4(ReadOnlySpan<byte> line, int start)
    {
        int end = Math.Min(line.Length, start + 4);
        for (int i = start + 1; i < end; i++)
        {
            if (line[i] == '.')
            {
                return true;
            }

            if (!AsciiClass.IsDigit(line[i]))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>fe80::@example.com</c> had no local part for the e-mail pass, but its pseudonym would end in a
    /// hex group that would be one: the whole is taken as an e-mail address.
    /// </summary>
    private static Address Ipv6(ReadOnlySpan<byte> line, int start, int end) =>
        end < line.Length && line[end] == '@' && EmailDetector.TryMatchDomain(line, end, out int domainEnd)
            ? new Address(IdentifierKind.Email, start, domainEnd, end, 0)
            : new Address(IdentifierKind.Ipv6, start, end, 0, 0);

    /// <summary>A port after an address: ':' and one to five digits, then no more of a literal (a hex digit, ':', or '.' and a digit).</summary>
    private static bool IsPortAfter(ReadOnlySpan<byte> line, int end)
    {
        if (end + 1 >= line.Length || line[end] != ':')
        {
            return false;
        }

        int digits = 0;
        while (end + 1 + digits < line.Length && AsciiClass.IsDigit(line[end + 1 + digits]))
        {
            digits++;
        }

        int after = end + 1 + digits;
        return digits is >= 1 and <= 5 && (after == line.Length || !(AsciiClass.IsHex(line[after]) || line[after] == ':'
            || (line[after] == '.' && after + 1 < line.Length && AsciiClass.IsDigit(line[after + 1]))));
    }

    /// <summary>
    /// A lone ':' between a key and a value, as in <c>addr:fe80::1</c>, not inside a literal; also before a value that
    /// starts with "::" (<c>to:::ffff:203.0.113.9</c>).
    /// </summary>
    private static bool IsSeparatorColon(ReadOnlySpan<byte> line, int colon)
    {
        if (colon + 1 >= line.Length || !(AsciiClass.IsHex(line[colon + 1]) || (line[colon + 1] == ':' && colon + 2 < line.Length && line[colon + 2] == ':')))
        {
            return false;
        }

        if (colon == 0)
        {
            return true;
        }

        byte before = line[colon - 1];
        return before is not ((byte)':' or (byte)'.') && !AsciiClass.IsHex(before);
    }

    private readonly record struct Email(int Start, int At, int End);

    /// <summary>An IP literal, or (rarely) an e-mail address whose local part is one; <see cref="At"/> is then its '@'.</summary>
    private readonly record struct Address(IdentifierKind Kind, int Start, int End, int At, uint Ipv4);
}

/// <summary>How many identifiers each detector pseudonymized or removed.</summary>
internal struct DetectorCounts
{
    public long Ipv4;
    public long Ipv6;
    public long Email;
    public long User;
    public long Host;
    public long Phone;
    public long Iban;
    public long CustomerId;
    public long Password;
    public long Secret;
    public long ApiKey;
    public long Jwt;
    public long Authorization;
    public long Cookie;
    public long Card;

    public void AddRemoved(SensitiveKind kind)
    {
        switch (kind)
        {
            case SensitiveKind.Password:
                Password++;
                break;
            case SensitiveKind.ApiKey:
                ApiKey++;
                break;
            case SensitiveKind.Jwt:
                Jwt++;
                break;
            case SensitiveKind.Authorization:
                Authorization++;
                break;
            case SensitiveKind.Cookie:
                Cookie++;
                break;
            case SensitiveKind.Card:
                Card++;
                break;
            default:
                Secret++;
                break;
        }
    }

    public void Add(in DetectorCounts other)
    {
        Ipv4 += other.Ipv4;
        Ipv6 += other.Ipv6;
        Email += other.Email;
        User += other.User;
        Host += other.Host;
        Phone += other.Phone;
        Iban += other.Iban;
        CustomerId += other.CustomerId;
        Password += other.Password;
        Secret += other.Secret;
        ApiKey += other.ApiKey;
        Jwt += other.Jwt;
        Authorization += other.Authorization;
        Cookie += other.Cookie;
        Card += other.Card;
    }

    /// <summary>Every detector appears in the report, with 0 when it found nothing.</summary>
    public readonly RedactionReport ToReport() =>
        new RedactionReport.Builder()
            .AddPseudonymized(DetectorNames.Ipv4, Ipv4)
            .AddPseudonymized(DetectorNames.Ipv6, Ipv6)
            .AddPseudonymized(DetectorNames.Email, Email)
            .AddPseudonymized(DetectorNames.User, User)
            .AddPseudonymized(DetectorNames.Host, Host)
            .AddPseudonymized(DetectorNames.Phone, Phone)
            .AddPseudonymized(DetectorNames.Iban, Iban)
            .AddPseudonymized(DetectorNames.CustomerId, CustomerId)
            .AddRemoved(DetectorNames.Password, Password)
            .AddRemoved(DetectorNames.Secret, Secret)
            .AddRemoved(DetectorNames.ApiKey, ApiKey)
            .AddRemoved(DetectorNames.Jwt, Jwt)
            .AddRemoved(DetectorNames.Authorization, Authorization)
            .AddRemoved(DetectorNames.Cookie, Cookie)
            .AddRemoved(DetectorNames.Card, Card)
            .Build();
}
