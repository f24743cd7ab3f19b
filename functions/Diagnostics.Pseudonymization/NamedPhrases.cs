namespace Diagnostics.Pseudonymization;

/// <summary>
/// Values that a fixed phrase names, read alike by the scrubber and the gate:
/// <list type="bullet">
/// <item>a password in quotes after the word: FreeRADIUS' <c>Login incorrect (pap: Cleartext password "hunter2" does
/// not match "known good" password)</c>, <c>with password 'x'</c>;</item>
/// <item>MySQL's slow and general logs: <c># User@Host: alice[alice] @ localhost [10.0.0.5]</c>, the user and, in
/// brackets, the account it was granted as;</item>
/// <item>an AWS IAM user's ARN: <c>arn:aws:iam::123456789012:user/alice</c>, its path included
/// (<c>user/staff/alice</c>);</item>
/// <item>the FTP commands that carry credentials, as servers log the protocol: FileZilla Server's <c>(000012) … -
/// (not logged in) (203.0.113.5)&gt; USER alice</c> and <c>&gt; PASS hunter2</c> (the argument is the rest of the line),
/// vsftpd's <c>FTP command: Client "203.0.113.5", "USER alice"</c> (up to the quote);</item>
/// <item>the user an FTP session belongs to: FileZilla Server's <c>(000012) 02/01/2024 10:00:00 - alice
/// (203.0.113.5)&gt; 230 Login successful.</c>, vsftpd's <c>[alice] FTP command: …</c> and <c>[alice] FTP response: …</c>;</item>
/// <item>FreeRADIUS' <c>Login OK: [alice] (from client vpn port 0 cli 203.0.113.5)</c>, and the password it logs after
/// the name when told to (<c>[alice/hunter2]</c>); OpenVPN's <c>[alice] Peer Connection Initiated with …</c>; Samba's
/// <c>Authentication for user [alice] -&gt; [alice]</c> (the second, the account it maps to); MongoDB's
/// <c>Successfully authenticated as principal alice on admin</c>.</item>
/// </list>
/// </summary>
internal static class NamedPhrases
{
    internal static readonly string[] Keywords =
        ["password \"", "password '", "Password \"", "Password '", "User@Host: ", ":user/", "> USER ", "> PASS ", "\"USER ", "\"PASS ", ")> ", "] FTP ",
            "] (from client ", "] Peer Connection Initiated", "] -> [", "as principal "];

    /// <summary>Whether a keyword of these phrases starts at a position the wider keyword searches found.</summary>
    internal static readonly KeywordSearch Search = new(Keywords);

    /// <summary>What an IAM user's name and path are written with (IAM allows letters, digits and <c>+=,.@_-</c>; a comma ends a list here).</summary>
    private static readonly System.Buffers.SearchValues<byte> IamNameBytes =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=.@_-/"u8);

    /// <summary>
    /// The values named by the phrase whose keyword starts at <paramref name="p"/>: one, and for some phrases a second
    /// (MySQL's bracketed account, FreeRADIUS' logged password; <see cref="PhraseValue.IsEmpty"/> when there is none).
    /// False when the phrase does not hold one there.
    /// </summary>
    internal static bool TryFind(ReadOnlySpan<byte> line, int p, out PhraseValue first, out PhraseValue second)
    {
        var kind = SensitiveKind.User;
        first = second = default;
        var rest = line[p..];
        if (rest.Length > 10 && (rest.StartsWith("password"u8) || rest.StartsWith("Password"u8)))
        {
            // The word itself, not the end of another (mypassword "x" is a named value's business, if anything).
            if (p > 0 && AsciiClass.IsLetter(line[p - 1]))
            {
                return false;
            }

            int start = p + 10;
            int close = line[start..].IndexOf(line[p + 9]);
            if (close <= 0)
            {
                return false;
            }

            first = new PhraseValue(start, start + close, SensitiveKind.Password);
            return true;
        }

        if (rest.StartsWith("User@Host: "u8))
        {
            int start = p + 11;
            int end = start;
            while (end < line.Length && line[end] is not ((byte)'[' or (byte)' '))
            {
                end++;
            }

            if (end == start || end >= line.Length || line[end] != '[')
            {
                return false;
            }

            int close = line[(end + 1)..].IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }

            first = new PhraseValue(start, end, kind);
            second = new PhraseValue(end + 1, end + 1 + close, kind);
            return true;
        }

        if (rest.StartsWith("> USER "u8) || rest.StartsWith("> PASS "u8) || rest.StartsWith("\"USER "u8) || rest.StartsWith("\"PASS "u8))
        {
            int start = p + (line[p] == '>' ? 7 : 6);
            int end = line[p] == '>' ? line.Length : line[start..].IndexOf((byte)'"') is var close and >= 0 ? start + close : -1;
            if (end <= start)
            {
                return false;
            }

            first = new PhraseValue(start, end, rest[line[p] == '>' ? 2 : 1] == 'P' ? SensitiveKind.Password : kind);
            return true;
        }

        if (rest.StartsWith(")> "u8))
        {
            // Back over the client's address in parentheses, then the name after " - ".
            int open = line[..p].LastIndexOf(" ("u8);
            int dash = open > 0 ? line[..open].LastIndexOf(" - "u8) : -1;
            if (dash < 0 || open - dash - 3 <= 0 || line[dash + 3] == '(' || line[(open + 2)..p].IndexOfAny((byte)' ', (byte)'(') >= 0)
            {
                return false;
            }

            first = new PhraseValue(dash + 3, open, kind);
            return true;
        }

        if (rest.StartsWith("] FTP command: "u8) || rest.StartsWith("] FTP response: "u8))
        {
            int open = line[..p].LastIndexOf((byte)'[');
            if (open < 0 || open + 1 == p || line[(open + 1)..p].IndexOfAny((byte)' ', (byte)']') >= 0)
            {
                return false;
            }

            first = new PhraseValue(open + 1, p, kind);
            return true;
        }

        if (rest.StartsWith("] (from client "u8) || rest.StartsWith("] Peer Connection Initiated"u8))
        {
            int open = line[..p].LastIndexOf((byte)'[');
            if (open < 0 || open + 1 == p || line[(open + 1)..p].IndexOfAny((byte)' ', (byte)']') >= 0)
            {
                return false;
            }

            // FreeRADIUS' name, then, when it logs them, a slash and the password.
            int slash = rest[2] == '(' ? line[(open + 1)..p].IndexOf((byte)'/') : -1;
            first = new PhraseValue(open + 1, slash > 0 ? open + 1 + slash : p, kind);
            if (slash > 0)
            {
                second = new PhraseValue(open + 2 + slash, p, SensitiveKind.Password);
            }

            return true;
        }

        if (rest.StartsWith("] -> ["u8) && line[..p].IndexOf("user ["u8) >= 0)
        {
            int start = p + 6;
            int close = line[start..].IndexOf((byte)']');
            first = new PhraseValue(start, start + Math.Max(close, 0), kind);
            return close > 0 && line[start..(start + close)].IndexOf((byte)' ') < 0;
        }

        if (rest.StartsWith("as principal "u8))
        {
            int start = p + 13;
            int space = line[start..].IndexOf((byte)' ');
            int end = space < 0 ? line.Length : start + space;
            first = new PhraseValue(start, end, kind);
            return end > start;
        }

        if (rest.StartsWith(":user/"u8) && line[..p].LastIndexOf("arn:"u8) is int arn and >= 0 && line[(arn + 4)..p].IndexOfAny((byte)' ', (byte)'"', (byte)'\'') < 0)
        {
            int start = p + 6;
            int length = line[start..].IndexOfAnyExcept(IamNameBytes);
            int end = length < 0 ? line.Length : start + length;
            first = new PhraseValue(start, end, kind);
            return end > start;
        }

        return false;
    }
}

/// <summary>A value a phrase names (<see cref="NamedPhrases.TryFind"/>): where it is and what it is.</summary>
internal readonly record struct PhraseValue(int Start, int End, SensitiveKind Kind)
{
    public bool IsEmpty => End <= Start;
}
