namespace Diagnostics.Pseudonymization;

internal static class LogFormatDetector
{
    /// <summary>A JSON object line, a common/combined log line (<c>host ident user [time] "request" ...</c>), or text.</summary>
    internal static LogFormat Detect(ReadOnlySpan<byte> line)
    {
        var trimmed = line.Trim(" \t\r"u8);
        if (trimmed.Length >= 2 && trimmed[0] == '{' && trimmed[^1] == '}')
        {
            return LogFormat.JsonLines;
        }

        return ClfFieldsStart(line) >= 0 ? LogFormat.Clf : LogFormat.Text;
    }

    /// <summary>
    /// Where the host field of a common log line starts: 0, after the quote of a JSON string that holds the line (Docker's
    /// json-file logs, <c>{"log":"203.0.113.7 - alice [time] …"}</c>), or after a leading <c>vhost:port</c> field (Apache's
    /// <c>vhost_combined</c>, Debian's <c>other_vhosts_access.log</c>: <c>example.com:443 203.0.113.7 - alice [time] …</c>);
    /// -1 when the line is not one. Pseudonyms hold no space, so a line keeps its fields once scrubbed.
    /// </summary>
    internal static int ClfFieldsStart(ReadOnlySpan<byte> line)
    {
        int position = 0;
        int first = 0;
        for (int field = 0; field < 4; field++)
        {
            int space = AsciiClass.FieldLength(line, position);
            if (space <= 0)
            {
                return EmbeddedFieldsStart(line);
            }

            if (field == 0)
            {
                first = space;
            }

            position += space + 1;
            if (field >= 2 && IsTimeField(line, position))
            {
                return field == 2 ? AfterQuote(line[..first]) : IsVirtualHost(line[..first]) ? first + 1 : -1;
            }
        }

        return EmbeddedFieldsStart(line);
    }

    /// <summary>
    /// Where the fields start of a common log line that another log carries after a prefix of its own: syslog's
    /// (<c>Jan  1 10:00:00 web nginx: 203.0.113.7 - alice [time] …</c>, nginx's <c>access_log syslog:</c>) or a container
    /// runtime's (<c>2024-01-01T10:00:00.1Z stdout F 203.0.113.7 - alice [time] …</c>). The fields are found back from the
    /// common log's time: three of them, the first an address or a host name (a dot or a colon in it, or a host
    /// pseudonym), after a space. -1 when there is none.
    /// </summary>
    private static int EmbeddedFieldsStart(ReadOnlySpan<byte> line)
    {
        int open = line.IndexOf(" ["u8);
        while (open > 0 && !(IsTimeField(line, open + 1) && StartsWithClfTime(line[(open + 2)..])))
        {
            int next = line[(open + 2)..].IndexOf(" ["u8);
            open = next < 0 ? -1 : open + 2 + next;
        }

        int fieldEnd = open;
        for (int field = 0; field < 3 && fieldEnd > 0; field++)
        {
            int fieldStart = line[..fieldEnd].LastIndexOf((byte)' ') + 1;
            if (fieldStart == fieldEnd || fieldStart == 0)
            {
                return -1;
            }

            if (field == 2)
            {
                var host = line[fieldStart..fieldEnd];
                return !host.ContainsAnyExcept(HostFieldBytes) && (host.ContainsAny((byte)'.', (byte)':') || host.StartsWith("host-"u8)) ? fieldStart : -1;
            }

            fieldEnd = fieldStart - 1;
        }

        return -1;
    }

    private static readonly System.Buffers.SearchValues<byte> HostFieldBytes =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:-"u8);

    /// <summary>
    /// The host, ident and user fields of a line already known to be a common log's, found in one walk: the fourth field
    /// starts with the time's '[' unless a <c>vhost:port</c> field or another log's prefix leads (<see cref="ClfFieldsStart"/>).
    /// The host field runs from <paramref name="host"/> to <c>ident - 1</c>, the ident field to <c>user - 1</c>, the user
    /// field to <paramref name="userEnd"/>.
    /// </summary>
    internal static bool TryKnownClfFields(ReadOnlySpan<byte> line, out int host, out int ident, out int user, out int userEnd)
    {
        int first = AsciiClass.FieldLength(line, 0);
        int second = first > 0 ? AsciiClass.FieldLength(line, first + 1) : -1;
        int third = second > 0 ? AsciiClass.FieldLength(line, first + second + 2) : -1;
        int time = first + second + third + 3;
        if (third > 0 && time < line.Length && line[time] == '[')
        {
            host = AfterQuote(line[..first]);
            ident = first + 1;
            user = first + second + 2;
            userEnd = time - 1;
            return true;
        }

        host = ClfFieldsStart(line);
        ident = user = userEnd = 0;
        if (host < 0)
        {
            return false;
        }

        int hostLength = AsciiClass.FieldLength(line, host);
        ident = host + hostLength + 1;
        int identLength = hostLength > 0 ? AsciiClass.FieldLength(line, ident) : -1;
        user = ident + identLength + 1;
        int userLength = identLength > 0 ? AsciiClass.FieldLength(line, user) : -1;
        userEnd = user + userLength;
        return userLength > 0;
    }

    /// <summary>Where the host field starts in the first field: after a JSON string's quote (<c>{"log":"203.0.113.7</c>, Docker's json-file), or at 0.</summary>
    private static int AfterQuote(ReadOnlySpan<byte> first) => first.Length > 0 && first[0] == '{' ? first.LastIndexOf((byte)'"') + 1 : 0;

    private static bool IsTimeField(ReadOnlySpan<byte> line, int position) =>
        position + 1 < line.Length && line[position] == '[' && StartsWithTime(line[(position + 1)..]) && line[(position + 1)..].Contains((byte)']');

    /// <summary><c>name:port</c>: a server name (letters, digits, '.', '-') and a port.</summary>
    private static bool IsVirtualHost(ReadOnlySpan<byte> field)
    {
        int colon = field.LastIndexOf((byte)':');
        if (colon <= 0 || colon == field.Length - 1)
        {
            return false;
        }

        foreach (byte b in field[(colon + 1)..])
        {
            if (!AsciiClass.IsDigit(b))
            {
                return false;
            }
        }

        foreach (byte b in field[..colon])
        {
            if (!(AsciiClass.IsLetterOrDigit(b) || b is (byte)'.' or (byte)'-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The common log's time, <c>10/Oct/2000:13:55:36 -0700</c>, or cPanel's, its month a number: <c>10/27/2000:13:55:36 -0000</c>.</summary>
    private static bool StartsWithClfTime(ReadOnlySpan<byte> text) =>
        (text.Length >= 12 && AsciiClass.IsDigit(text[0]) && AsciiClass.IsDigit(text[1]) && text[2] == '/' && AsciiClass.IsLetter(text[3])
            && AsciiClass.IsLetter(text[4]) && AsciiClass.IsLetter(text[5]) && text[6] == '/' && AsciiClass.IsDigit(text[7]) && AsciiClass.IsDigit(text[10])
            && text[11] == ':')
        || (text.Length >= 11 && AsciiClass.IsDigit(text[0]) && AsciiClass.IsDigit(text[1]) && text[2] == '/' && AsciiClass.IsDigit(text[3])
            && AsciiClass.IsDigit(text[4]) && text[5] == '/' && AsciiClass.IsDigit(text[6]) && AsciiClass.IsDigit(text[9]) && text[10] == ':');

    /// <summary>
    /// The common log's time, <c>10/Oct/2000:13:55:36 -0700</c>, or an ISO date (<c>2000-10-10T13:55:36Z</c>, as nginx's
    /// <c>$time_iso8601</c>): <c>2015-10-18 18:01:47,978 INFO [main]</c> has three fields and a bracket too.
    /// </summary>
    private static bool StartsWithTime(ReadOnlySpan<byte> text) =>
        StartsWithClfTime(text)
        || (text.Length >= 10 && AsciiClass.IsDigit(text[0]) && AsciiClass.IsDigit(text[3]) && text[4] == '-' && AsciiClass.IsDigit(text[5])
            && text[7] == '-' && AsciiClass.IsDigit(text[8]));
}
