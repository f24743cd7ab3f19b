namespace Diagnostics.Pseudonymization;

/// <summary>
/// The users Exim's main log writes outside e-mail addresses (cPanel's and Debian's mail server): the local user who
/// submitted a message (<c>&lt;= alice@example.com U=alice P=local</c>), the authenticated user after its authenticator
/// (<c>A=dovecot_plain:alice</c>, <c>A=login:alice</c>) and a local delivery's user (<c>=&gt; alice &lt;alice@example.com&gt;
/// R=localuser</c>). Read only after a message id and one of Exim's arrows (<c>&lt;=</c>, <c>=&gt;</c>, <c>-&gt;</c>,
/// <c>==</c>, <c>**</c>), at the '=' the detector stops at anyway; <c>set_id=</c> is a named value (<see cref="KeyNames"/>). A
/// scrubber phrase, as the sudo and cron ones.
/// </summary>
internal static class EximUsers
{
    private static readonly byte[][] Arrows = [.. new[] { " <= ", " => ", " -> ", " == ", " ** " }.Select(static a => System.Text.Encoding.ASCII.GetBytes(a))];

    /// <summary>The user of the field or delivery whose '=' is at <paramref name="equals"/>.</summary>
    internal static void AddName(ReadOnlySpan<byte> line, int equals, List<SensitiveMatch> matches)
    {
        if (equals + 1 < line.Length && line[equals + 1] == '>' && equals >= 1 && line[equals - 1] == ' ')
        {
            if (!IsMessageId(line, equals - 1))
            {
                return;
            }

            // "=> alice <alice@example.com> R=…": a local part without a domain, then the address.
            int start = equals + 3;
            int end = start;
            while (end < line.Length && line[end] is not ((byte)' ' or (byte)'@' or (byte)'<' or (byte)'/'))
            {
                end++;
            }

            if (equals + 2 < line.Length && line[equals + 2] == ' ' && end > start && line[end..].StartsWith(" <"u8))
            {
                matches.Add(new SensitiveMatch(start, end, SensitiveKind.User));
            }

            return;
        }

        if (equals < 2 || line[equals - 2] != ' ' || line[equals - 1] is not ((byte)'U' or (byte)'A') || !HasMessageArrow(line))
        {
            return;
        }

        int valueStart = equals + 1;
        if (line[equals - 1] == 'A')
        {
            // The authenticator, then the user.
            int colon = valueStart;
            while (colon < line.Length && line[colon] is not ((byte)':' or (byte)' '))
            {
                colon++;
            }

            if (colon >= line.Length || line[colon] != ':')
            {
                return;
            }

            valueStart = colon + 1;
        }

        int valueEnd = valueStart;
        while (valueEnd < line.Length && line[valueEnd] != ' ')
        {
            valueEnd++;
        }

        if (valueEnd > valueStart && !EmailDetector.IsWholeAddress(line, valueStart, valueEnd))
        {
            matches.Add(new SensitiveMatch(valueStart, valueEnd, SensitiveKind.User));
        }
    }

    /// <summary>Whether the line has one of Exim's arrows right after a message id.</summary>
    private static bool HasMessageArrow(ReadOnlySpan<byte> line)
    {
        foreach (var arrow in Arrows)
        {
            int at = line.IndexOf(arrow);
            if (at >= 0 && IsMessageId(line, at))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the word that ends at <paramref name="end"/> is an Exim message id: letters and digits in three parts,
    /// 6-6-2 (<c>1rXYZa-000ABC-12</c>) or, since Exim 4.97, 6-11-4.
    /// </summary>
    private static bool IsMessageId(ReadOnlySpan<byte> line, int end)
    {
        int start = end;
        while (start > 0 && line[start - 1] != ' ')
        {
            start--;
        }

        var id = line[start..end];
        if (id.Length is not (16 or 23) || id[6] != '-' || id[^(id.Length == 16 ? 3 : 5)] != '-')
        {
            return false;
        }

        int dashes = 0;
        foreach (byte b in id)
        {
            if (b == '-')
            {
                dashes++;
            }
            else if (!AsciiClass.IsLetterOrDigit(b))
            {
                return false;
            }
        }

        return dashes == 2;
    }
}
