namespace Diagnostics.Pseudonymization;

/// <summary>
/// The user Dovecot writes in parentheses after a mail service or an authentication database: <c>imap(alice): Logged
/// out</c>, <c>pop3(bob)&lt;4242&gt;&lt;AbCdEf&gt;: Disconnected</c> (2.3 adds the pid and the session),
/// <c>lmtp(alice@example.net)…</c>, <c>pam(alice,203.0.113.9,&lt;AbCd&gt;): unknown user</c> (the user first, then the
/// client's address). Only the services and databases Dovecot names this way are read: other programs' parentheses
/// (<c>pam_unix(sshd:auth):</c>, <c>auth-worker(1234):</c>) are left alone. A scrubber phrase, as the sudo and cron ones;
/// the detector reads it at the colon after the ')' or the '>', a separator it stops at anyway.
/// </summary>
internal static class DovecotUser
{
    private static readonly WordSet Services = new(
        ignoreCase: false, "imap", "pop3", "lmtp", "submission", "managesieve", "doveadm", "indexer-worker",
        "pam", "passwd-file", "passwd", "shadow", "sql", "ldap", "checkpassword", "bsdauth", "oauth2", "lua", "static");

    /// <summary>The user before the ')' or the '>' at <paramref name="p"/>; an empty name, '?' or an e-mail address (left to the e-mail pass) is none.</summary>
    internal static bool TryName(ReadOnlySpan<byte> line, int p, out int start, out int end)
    {
        start = end = 0;
        int close = line[p] == '>' ? BeforeSession(line, p) : p;
        if (close < 0 || line[close] != ')')
        {
            return false;
        }

        int open = line[..close].LastIndexOf((byte)'(');
        if (open < 1 || line[(open + 1)..close].Contains((byte)' '))
        {
            return false;
        }

        int serviceStart = open;
        while (serviceStart > 0 && (AsciiClass.IsLetterOrDigit(line[serviceStart - 1]) || line[serviceStart - 1] == '-'))
        {
            serviceStart--;
        }

        if ((serviceStart > 0 && line[serviceStart - 1] != ' ') || !Services.Contains(line[serviceStart..open]))
        {
            return false;
        }

        start = open + 1;
        int comma = line[start..close].IndexOf((byte)',');
        end = comma < 0 ? close : start + comma;
        var name = line[start..end];
        return !name.IsEmpty && !(name.Length == 1 && name[0] == '?') && !EmailDetector.IsWholeAddress(line, start, end);
    }

    /// <summary>A value that starts with a service's or a database's name and its '(': <c>passwd-file(alice</c>.</summary>
    internal static bool IsServiceCall(ReadOnlySpan<byte> value)
    {
        int open = value.IndexOf((byte)'(');
        return open > 0 && Services.Contains(value[..open]);
    }

    /// <summary>The ')' before <c>&lt;pid&gt;&lt;session&gt;</c> whose last '>' is at <paramref name="p"/>, or -1.</summary>
    private static int BeforeSession(ReadOnlySpan<byte> line, int p)
    {
        int i = p;
        while (i >= 0 && line[i] == '>')
        {
            int open = line[..i].LastIndexOf((byte)'<');
            if (open < 0 || line[(open + 1)..i].ContainsAny((byte)' ', (byte)'>'))
            {
                return -1;
            }

            i = open - 1;
        }

        return i;
    }
}
