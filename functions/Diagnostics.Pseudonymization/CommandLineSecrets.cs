namespace Diagnostics.Pseudonymization;

/// <summary>
/// Credentials given on a command line, as cron and shells log them: the MySQL clients' <c>-pSecret</c> (also
/// <c>-p'Secret'</c>; <c>--password=</c> is a named value) and curl's <c>-u alice:secret</c> / <c>--user alice:secret</c>,
/// whose user gets a user pseudonym. The password is removed. A scrubber phrase, as the sudo and cron ones.
/// </summary>
internal static class CommandLineSecrets
{
    /// <summary>Where a MySQL client's command line can be: <c>mysql</c>, <c>mysqldump</c>, <c>mysqladmin</c>…</summary>
    internal const string MysqlKeyword = "mysql";

    /// <summary>Each <c>-pPASSWORD</c> after the MySQL client's name at <paramref name="p"/>.</summary>
    internal static void AddMysqlPasswords(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        for (int i = p + MysqlKeyword.Length; i + 3 < line.Length;)
        {
            int flag = line[i..].IndexOf(" -p"u8);
            if (flag < 0)
            {
                return;
            }

            int start = i + flag + 3;
            int end = ValueEnd(line, start);
            if (end > start)
            {
                matches.Add(new SensitiveMatch(start, end, SensitiveKind.Password));
            }

            i = Math.Max(end, start);
        }
    }

    /// <summary>
    /// curl's <c>-u alice:secret</c> or <c>--user alice:secret</c>, the ':' at <paramref name="colon"/>: the user gets a
    /// pseudonym, the password is removed.
    /// </summary>
    internal static void AddCurlUser(ReadOnlySpan<byte> line, int colon, List<SensitiveMatch> matches)
    {
        int start = colon;
        while (start > 0 && line[start - 1] is not ((byte)' ' or (byte)'\'' or (byte)'"' or (byte)'\t'))
        {
            start--;
        }

        int quote = start > 0 && line[start - 1] is (byte)'\'' or (byte)'"' ? 1 : 0;
        var before = line[..(start - quote)];
        if (start == colon || !(before.EndsWith(" -u "u8) || before.EndsWith(" --user "u8)))
        {
            return;
        }

        // In quotes the password runs to the closing quote ("bob:pa ss").
        int close = quote == 1 ? line[(colon + 1)..].IndexOf(line[start - 1]) : -1;
        int end = quote == 1 ? (close < 0 ? line.Length : colon + 1 + close) : ValueEnd(line, colon + 1);
        matches.Add(new SensitiveMatch(start, colon, SensitiveKind.User));
        if (end > colon + 1)
        {
            matches.Add(new SensitiveMatch(colon + 1, end, SensitiveKind.Password));
        }
    }

    /// <summary>Where a command-line value from <paramref name="start"/> ends: at a space, or at its closing quote.</summary>
    private static int ValueEnd(ReadOnlySpan<byte> line, int start)
    {
        if (start < line.Length && line[start] is (byte)'\'' or (byte)'"')
        {
            int close = line[(start + 1)..].IndexOf(line[start]);
            return close < 0 ? line.Length : start + close + 2;
        }

        int end = start;
        while (end < line.Length && line[end] is not ((byte)' ' or (byte)'\t' or (byte)'\'' or (byte)'"' or (byte)')'))
        {
            end++;
        }

        return end;
    }
}
