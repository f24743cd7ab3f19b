namespace Diagnostics.Pseudonymization;

/// <summary>
/// The user names login(1) writes, in capitals: util-linux's <c>LOGIN ON tty2 BY alice</c> (also <c>… BY alice FROM
/// host</c>, <c>DIALUP AT ttyS0 BY alice</c>), <c>FAILED LOGIN 1 FROM host FOR alice, Authentication failure</c> and
/// <c>3 LOGIN FAILURES FROM host, alice</c>; shadow's <c>FAILED LOGIN (1) on '/dev/tty1' FOR 'alice', …</c>. A scrubber
/// phrase, as the sudo and cron ones.
/// </summary>
internal static class LoginPhrases
{
    internal const string ByKeyword = " BY ";

    internal const string ForKeyword = " FOR ";

    internal const string FailuresKeyword = "LOGIN FAILURES FROM ";

    /// <summary>Adds the name of the phrase whose keyword starts at <paramref name="p"/>.</summary>
    internal static void AddName(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        var before = line[..p];
        int start;
        if (line[p..].StartsWith(" BY "u8))
        {
            int tty = before.LastIndexOf((byte)' ');
            if (tty < 0 || !(before[..tty].EndsWith("LOGIN ON"u8) || before[..tty].EndsWith("DIALUP AT"u8)))
            {
                return;
            }

            start = p + 4;
        }
        else if (line[p..].StartsWith(" FOR "u8))
        {
            if (before.IndexOf("FAILED LOGIN "u8) < 0)
            {
                return;
            }

            start = p + 5;
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
