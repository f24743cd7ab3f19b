namespace Diagnostics.Pseudonymization;

/// <summary>
/// The user names login(1) writes, in capitals: util-linux's <c>LOGIN ON tty2 BY alice</c> (also <c>… BY alice FROM
/// host</c>, <c>DIALUP AT ttyS0 BY alice</c>), <c>FAILED LOGIN 1 FROM host FOR alice, Authentication failure</c> and
/// <c>3 LOGIN FAILURES FROM host, alice</c>; shadow's <c>FAILED LOGIN (1) on '/dev/tty1' FOR 'alice', …</c>. A scrubber
/// phrase, as the sudo and cron ones.
/// </summary>
internal static class LoginPhrases
{
    internal static readonly string[] Keywords = ["LOGIN ON ", "DIALUP AT ", "FAILED LOGIN ", "LOGIN FAILURES FROM "];

    /// <summary>Adds the name of the phrase whose keyword starts at <paramref name="p"/>.</summary>
    internal static void AddName(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        int start;
        if (line[p..].StartsWith("LOGIN ON "u8) || line[p..].StartsWith("DIALUP AT "u8))
        {
            // The terminal, then " BY ".
            int tty = p + (line[p] == 'L' ? 9 : 10);
            int space = line[tty..].IndexOf((byte)' ');
            if (space <= 0 || !line[(tty + space)..].StartsWith(" BY "u8))
            {
                return;
            }

            start = tty + space + 4;
        }
        else if (line[p..].StartsWith("FAILED LOGIN "u8))
        {
            int @for = line[p..].IndexOf(" FOR "u8);
            if (@for < 0)
            {
                return;
            }

            start = p + @for + 5;
        }
        else if (line[p..].StartsWith("LOGIN FAILURES FROM "u8))
        {
            int comma = line[(p + 20)..].IndexOf(", "u8);
            if (comma < 0)
            {
                return;
            }

            start = p + 20 + comma + 2;
        }
        else
        {
            return;
        }

        bool quoted = start < line.Length && line[start] == '\'';
        if (quoted)
        {
            start++;
        }

        int end = start;
        while (end < line.Length && line[end] is not ((byte)' ' or (byte)',' or (byte)'\'' or (byte)'\t'))
        {
            end++;
        }

        if (end > start && (!quoted || (end < line.Length && line[end] == '\'')))
        {
            matches.Add(new SensitiveMatch(start, end, SensitiveKind.User));
        }
    }
}
