namespace Diagnostics.Pseudonymization;

/// <summary>
/// The person's name written before an e-mail address in angle brackets, as mail headers and mail logs write one: quoted,
/// a space before the bracket (<c>"Alice Martin" &lt;alice@example.com&gt;</c>, Postfix's <c>header From: "Alice Martin"
/// &lt;…&gt;</c>, its quotes escaped in a JSON string), or plain after a header's name (<c>From: Alice Martin
/// &lt;alice@example.com&gt;</c>, also <c>To:</c>, <c>Cc:</c>, <c>Bcc:</c>, <c>Reply-To:</c>, <c>Sender:</c>) or under a JSON
/// member of those names (<c>"from":"Alice Martin &lt;…&gt;"</c>). The scrubber gives it a user pseudonym; the gate accepts
/// only a pseudonym there. The address is the e-mail rules'.
/// </summary>
internal static class DisplayName
{
    private static readonly WordSet Headers = new(ignoreCase: true, "from", "to", "cc", "bcc", "reply-to", "sender");

    /// <summary>The name before the address whose '@' is at <paramref name="at"/>: <c>line[start..end]</c>.</summary>
    internal static bool TryFind(ReadOnlySpan<byte> line, int at, out int start, out int end)
    {
        start = end = 0;
        int local = at;
        while (local > 0 && AsciiClass.IsEmailLocal(line[local - 1]))
        {
            local--;
        }

        // "<", and a space or none before it.
        if (local == at || local < 2 || line[local - 1] != '<')
        {
            return false;
        }

        int before = line[local - 2] == ' ' ? local - 2 : local - 1;
        if (before < local - 1 && before > 0 && line[before - 1] == '"')
        {
            // "Name" <…>, a space between; in a JSON string its quotes are escaped: \"Name\" <…>.
            int close = before - 1;
            bool escaped = close > 0 && line[close - 1] == '\\';
            int open = line[..close].LastIndexOf((byte)'"');
            if (open < 0 || (escaped && (open == 0 || line[open - 1] != '\\')))
            {
                return false;
            }

            start = open + 1;
            end = escaped ? close - 1 : close;
            return end > start;
        }

        // A plain name as a JSON member's string: "from":"Alice Martin <alice@example.com>".
        int quote = line[..before].LastIndexOf((byte)'"');
        if (quote > 2 && line[(quote + 1)..before].IndexOfAny("<>\",;:()[]\\"u8) < 0)
        {
            int keyEnd = line[quote - 1] == ' ' ? quote - 1 : quote;
            if (line[keyEnd - 1] == ':' && line[keyEnd - 2] == '"')
            {
                int keyStart = line[..(keyEnd - 2)].LastIndexOf((byte)'"') + 1;
                start = quote + 1;
                end = before;
                return keyStart > 0 && end > start && Headers.Contains(line[keyStart..(keyEnd - 2)]);
            }
        }

        // A plain name runs back to a header's ": ", and holds no punctuation that would end it.
        int colon = line[..before].LastIndexOf(": "u8);
        if (colon <= 0 || colon + 2 >= before || line[(colon + 2)..before].IndexOfAny("<>\",;:()[]"u8) >= 0)
        {
            return false;
        }

        int nameStart = colon;
        while (nameStart > 0 && (AsciiClass.IsLetter(line[nameStart - 1]) || line[nameStart - 1] == '-'))
        {
            nameStart--;
        }

        if (!Headers.Contains(line[nameStart..colon]) || (nameStart > 0 && AsciiClass.IsWord(line[nameStart - 1])))
        {
            return false;
        }

        start = colon + 2;
        end = before;
        return true;
    }
}
