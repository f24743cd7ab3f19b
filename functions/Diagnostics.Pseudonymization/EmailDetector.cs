namespace Diagnostics.Pseudonymization;

/// <summary>
/// E-mail addresses in the practical form <c>local@label.label.tld</c>: a local part of letters, digits,
/// <c>._%+-</c> and UTF-8, at least two domain labels, and an alphabetic top-level label of two letters or more.
/// The '@' may be percent-encoded, as a URL's query writes it (<c>?email=bob%40example.com</c>), or a JSON escape
/// (<c>bob\u0040example.com</c>, as encoders that escape HTML-sensitive characters write it), and the local part may
/// hold JSON's <c>\uXXXX</c> escapes (System.Text.Json writes '+' as <c>\u002B</c>): both are read as one address, whose
/// escapes <see cref="Pseudonymizer.WriteEmail"/> decodes.
/// </summary>
internal static class EmailDetector
{
    /// <summary>How many bytes the at-sign at <paramref name="at"/> takes: 1 for '@', 3 for <c>%40</c>, 6 for <c>\u0040</c>, 0 for none.</summary>
    internal static int AtSignWidth(ReadOnlySpan<byte> line, int at) => line[at] switch
    {
        (byte)'@' => 1,
        (byte)'%' when line[(at + 1)..].StartsWith("40"u8) => 3,
        (byte)'\\' when line[(at + 1)..].StartsWith("u0040"u8) => 6,
        _ => 0,
    };

    /// <summary>
    /// Reads the address around the at-sign at <paramref name="at"/>; the local part reaches back no further
    /// than <paramref name="floor"/> (the end of the previous pseudonym).
    /// </summary>
    internal static bool TryMatch(ReadOnlySpan<byte> line, int at, int floor, out int start, out int end)
    {
        start = at;
        if (at > floor && line[at - 1] == '"')
        {
            // A quoted local part: "john doe"@example.com.
            start = QuotedLocalStart(line, at, floor);
            end = 0;
            return start >= 0 && TryMatchDomain(line, at, out end);
        }

        while (start > floor)
        {
            if (line[start - 1] == '%' && IsEscapedDelimiter(line, start - 1, at))
            {
                // a@example.com%2Cb@example.com, ?to=%20b@example.com: the escape ends the address before; b's starts after it.
                start += 2;
                break;
            }

            if (AsciiClass.IsEmailLocal(line[start - 1]))
            {
                start--;
            }
            else if (line[start - 1] == '\\' && IsJsonUnicodeEscape(line[start..at]))
            {
                // "bob\u002Bfilter@…": the escape is part of the local part, not where it starts.
                start--;
            }
            else
            {
                break;
            }
        }

        end = 0;
        return start < at && TryMatchDomain(line, at, out end);
    }

    /// <summary>
    /// Whether the '%' at <paramref name="percent"/> starts a URL escape, before <paramref name="at"/>, of a byte that
    /// separates words rather than belongs to a local part: a control byte, a space, or one of <c>"(),:;&lt;&gt;[\]</c>.
    /// </summary>
    internal static bool IsEscapedDelimiter(ReadOnlySpan<byte> line, int percent, int at)
    {
        if (percent + 2 >= at || !AsciiClass.IsHex(line[percent + 1]) || !AsciiClass.IsHex(line[percent + 2]))
        {
            return false;
        }

        int value = (AsciiClass.HexValue(line[percent + 1]) * 16) + AsciiClass.HexValue(line[percent + 2]);
        return value <= 0x20 || value is '"' or '(' or ')' or ',' or ':' or ';' or '<' or '>' or '[' or '\\' or ']' or 0x7F;
    }

    /// <summary>
    /// Where the quoted local part that ends before the at-sign at <paramref name="at"/> starts (its opening quote), no
    /// further back than <paramref name="floor"/>; -1 when there is none: one to 64 printable bytes without a quote, a
    /// backslash, an '@' or a bracket (a removal marker) between the quotes, and a space, the line's start or one of <c>&lt;(,;:=[</c> before them.
    /// </summary>
    internal static int QuotedLocalStart(ReadOnlySpan<byte> line, int at, int floor)
    {
        int close = at - 1;
        int open = close - 1;
        while (open >= floor && close - open <= 65 && line[open] is >= 0x20 and < 0x7F and not ((byte)'"' or (byte)'\\' or (byte)'@' or (byte)'[' or (byte)']'))
        {
            open--;
        }

        bool bounded = open == 0 || (open > 0 && line[open - 1] is (byte)' ' or (byte)'<' or (byte)'(' or (byte)',' or (byte)';' or (byte)':' or (byte)'=' or (byte)'[');
        return open >= floor && open < close - 1 && line[open] == '"' && bounded ? open : -1;
    }

    /// <summary>Whether <c>line[start..end]</c> is one e-mail address, its at-sign plain or encoded.</summary>
    internal static bool IsWholeAddress(ReadOnlySpan<byte> line, int start, int end)
    {
        var value = line[start..end];
        int at = value.IndexOf((byte)'@');
        if (at < 0)
        {
            at = value.IndexOf("%40"u8);
        }

        return at > 0 && TryMatch(line, start + at, start, out int emailStart, out int emailEnd) && emailStart == start && emailEnd == end;
    }

    /// <summary>Whether <paramref name="text"/> starts with the <c>uXXXX</c> of a JSON escape.</summary>
    internal static bool IsJsonUnicodeEscape(ReadOnlySpan<byte> text) =>
        text.Length >= 5 && text[0] == 'u' && AsciiClass.IsHex(text[1]) && AsciiClass.IsHex(text[2]) && AsciiClass.IsHex(text[3]) && AsciiClass.IsHex(text[4]);

    /// <summary>Reads the domain after the at-sign at <paramref name="at"/>.</summary>
    internal static bool TryMatchDomain(ReadOnlySpan<byte> line, int at, out int end)
    {
        end = 0;
        int pos = at + AtSignWidth(line, at);
        if (pos == at)
        {
            return false;
        }

        int labels = 0;
        int lastLabel = pos;
        while (true)
        {
            int label = pos;
            while (pos < line.Length && AsciiClass.IsDomainLabel(line[pos]))
            {
                pos++;
            }

            if (pos == label)
            {
                return false;
            }

            labels++;
            lastLabel = label;
            if (pos + 1 < line.Length && line[pos] == '.' && AsciiClass.IsDomainLabel(line[pos + 1]))
            {
                pos++;
                continue;
            }

            break;
        }

        if (labels < 2 || pos - lastLabel < 2)
        {
            return false;
        }

        for (int i = lastLabel; i < pos; i++)
        {
            if (!AsciiClass.IsTopLevelDomain(line[i]))
            {
                return false;
            }
        }

        end = pos;
        return !IsSystemdUnit(line[lastLabel..pos]);
    }

    /// <summary>
    /// systemd's unit types, which end a template instance's name as a domain's last label would (<c>user@1000.service</c>,
    /// <c>getty@tty1.service</c>): no such top-level domain exists. The gate reads them alike.
    /// </summary>
    internal static bool IsSystemdUnit(ReadOnlySpan<byte> lastLabel) => SystemdUnitTypes.Contains(lastLabel);

    private static readonly WordSet SystemdUnitTypes = new(
        ignoreCase: false, "service", "socket", "timer", "mount", "automount", "target", "slice", "scope", "swap", "device", "path");
}
