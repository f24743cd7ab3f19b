namespace Diagnostics.Pseudonymization;

/// <summary>
/// Values that a fixed phrase names, read alike by the scrubber and the gate:
/// <list type="bullet">
/// <item>a password in quotes after the word (a space before it): FreeRADIUS' <c>Login incorrect (pap: Cleartext password "hunter2" does
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
    /// <summary>
    /// Where the phrases read by <see cref="TryFind"/> start. The others start at a ':' or '&gt;', where both sides
    /// already stop (<see cref="TryFindAtSeparator"/>): more keywords would make every line's keyword search slower.
    /// </summary>
    internal static readonly string[] Keywords = [" password \"", " password '", " Password \"", " Password '", "(from client ", " Peer Connection Initiated", " principal "];

    /// <summary>Whether a keyword of these phrases starts at a position the wider keyword searches found.</summary>
    internal static readonly KeywordSearch Search = new(Keywords);

    /// <summary>What an IAM user's name and path are written with (IAM allows letters, digits and <c>+=,.@_-</c>; a comma ends a list here).</summary>
    private static readonly System.Buffers.SearchValues<byte> IamNameBytes =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=.@_-/"u8);

    /// <summary>
    /// The values named by the phrase whose keyword starts at <paramref name="p"/>: one, and for FreeRADIUS a second (the
    /// password it logs; <see cref="PhraseValue.IsEmpty"/> when there is none). False when the phrase holds none there.
    /// </summary>
    internal static bool TryFind(ReadOnlySpan<byte> line, int p, out PhraseValue first, out PhraseValue second)
    {
        first = second = default;
        var rest = line[p..];
        if (rest.Length > 11 && (rest.StartsWith(" password"u8) || rest.StartsWith(" Password"u8)))
        {
            int start = p + 11;
            int close = line[start..].IndexOf(line[p + 10]);
            first = new PhraseValue(start, start + Math.Max(close, 0), SensitiveKind.Password);
            return close > 0;
        }

        // After a bracketed name: "[alice] (from client", "[alice] Peer Connection Initiated".
        int bracket = rest[0] == '(' ? p - 2 : p - 1;
        if (bracket >= 0 && line[bracket] == ']' && line[bracket + 1] == ' ' && (rest.StartsWith("(from client "u8) || rest.StartsWith(" Peer Connection Initiated"u8)))
        {
            // FreeRADIUS' name, then, when it logs them, a slash and the password.
            if (!TryBracketedNameBefore(line, bracket, out int open))
            {
                return false;
            }

            int slash = rest[0] == '(' ? line[(open + 1)..bracket].IndexOf((byte)'/') : -1;
            first = new PhraseValue(open + 1, slash > 0 ? open + 1 + slash : bracket, SensitiveKind.User);
            if (slash > 0)
            {
                second = new PhraseValue(open + 2 + slash, bracket, SensitiveKind.Password);
            }

            return true;
        }

        if (rest.StartsWith(" principal "u8) && line[..p].EndsWith(" as"u8))
        {
            int start = p + 11;
            int space = line[start..].IndexOf((byte)' ');
            first = new PhraseValue(start, space < 0 ? line.Length : start + space, SensitiveKind.User);
            return !first.IsEmpty;
        }

        return false;
    }

    /// <summary>
    /// The values named by a phrase at the ':' or '&gt;' at <paramref name="p"/>: MySQL's <c>User@Host:</c> (the user and its
    /// bracketed account), an IAM user's ARN (<c>:user/</c>), vsftpd's <c>[alice] FTP command:</c> or <c>FTP response:</c>
    /// (the bracketed user, and a command's <c>"USER x"</c> or <c>"PASS x"</c>), FileZilla Server's <c>- alice
    /// (203.0.113.5)&gt; </c> (the session's user, and a <c>USER</c> or <c>PASS</c> command's argument) and Samba's
    /// <c>user [alice] -&gt; [alice]</c>. Either may be empty; false when both are.
    /// </summary>
    /// <remarks>
    /// Every separator of every line is asked (an IPv6 pseudonym's colons too) and almost none can hold a phrase: the look
    /// at the bytes around it is inlined where the separators are walked, the phrases are read in a call of their own.
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool TryFindAtSeparator(ReadOnlySpan<byte> line, int p, out PhraseValue first, out PhraseValue second)
    {
        first = second = default;
        return MayBeAt(line, p) && FindAtSeparator(line, p, out first, out second);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool FindAtSeparator(ReadOnlySpan<byte> line, int p, out PhraseValue first, out PhraseValue second)
    {
        first = second = default;
        if (line[p] == ':')
        {
            if (line[(p + 1)..].StartsWith("user/"u8) && line[..p].LastIndexOf("arn:"u8) is int arn and >= 0
                && line[(arn + 4)..p].IndexOfAny((byte)' ', (byte)'"', (byte)'\'') < 0)
            {
                int start = p + 6;
                int length = line[start..].IndexOfAnyExcept(IamNameBytes);
                first = new PhraseValue(start, length < 0 ? line.Length : start + length, SensitiveKind.User);
            }
            else if (line[..p].EndsWith("User@Host"u8) && line[(p + 1)..].StartsWith(" "u8))
            {
                int start = p + 2;
                int end = start;
                while (end < line.Length && line[end] is not ((byte)'[' or (byte)' '))
                {
                    end++;
                }

                int close = end < line.Length && line[end] == '[' ? line[(end + 1)..].IndexOf((byte)']') : -1;
                if (end > start && close >= 0)
                {
                    first = new PhraseValue(start, end, SensitiveKind.User);
                    second = new PhraseValue(end + 1, end + 1 + close, SensitiveKind.User);
                }
            }
            else if (line[..p].EndsWith(" FTP command"u8) || line[..p].EndsWith(" FTP response"u8))
            {
                int bracket = p - (line[p - 1] == 'd' ? 12 : 13) - 1;
                if (bracket >= 0 && line[bracket] == ']' && TryBracketedNameBefore(line, bracket, out int open))
                {
                    first = new PhraseValue(open + 1, bracket, SensitiveKind.User);
                }

                second = QuotedCommandArgument(line, p);
            }
        }
        else if (p > 0 && line[p - 1] == ')' && line[(p + 1)..].StartsWith(" "u8))
        {
            // Back over the client's address in parentheses, then the name after " - ".
            int open = line[..p].LastIndexOf(" ("u8);
            int dash = open > 0 ? line[..open].LastIndexOf(" - "u8) : -1;
            if (dash >= 0 && open - dash - 3 > 0 && line[dash + 3] != '(' && line[(open + 2)..(p - 1)].IndexOfAny((byte)' ', (byte)'(') < 0)
            {
                first = new PhraseValue(dash + 3, open, SensitiveKind.User);
            }

            // The command's argument is the rest of the line.
            var command = line[(p + 2)..];
            if (command.Length > 5 && (command.StartsWith("USER "u8) || command.StartsWith("PASS "u8)))
            {
                second = new PhraseValue(p + 7, line.Length, command[0] == 'P' ? SensitiveKind.Password : SensitiveKind.User);
            }
        }
        else if (p >= 3 && line[p - 1] == '-' && line[(p - 3)..].StartsWith("] -> ["u8) && line[..p].IndexOf("user ["u8) >= 0)
        {
            int start = p + 3;
            int close = line[start..].IndexOf((byte)']');
            if (close > 0 && line[start..(start + close)].IndexOf((byte)' ') < 0)
            {
                first = new PhraseValue(start, start + close, SensitiveKind.User);
            }
        }

        return !first.IsEmpty || !second.IsEmpty;
    }

    /// <summary>Whether a phrase of <see cref="TryFindAtSeparator"/> can be at the ':' or '&gt;' at <paramref name="p"/>, by the bytes around it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool MayBeAt(ReadOnlySpan<byte> line, int p)
    {
        byte before = p > 0 ? line[p - 1] : (byte)0;
        return line[p] == ':'
            ? (p + 1 < line.Length && line[p + 1] == 'u') || before is (byte)'t' or (byte)'d' or (byte)'e'
            : before is (byte)')' or (byte)'-';
    }

    /// <summary>vsftpd's <c>FTP command: Client "203.0.113.5", "USER alice"</c>: the argument of a quoted USER or PASS command after <paramref name="from"/>.</summary>
    private static PhraseValue QuotedCommandArgument(ReadOnlySpan<byte> line, int from)
    {
        int quote = line[from..].IndexOf(", \""u8);
        if (quote < 0)
        {
            return default;
        }

        int start = from + quote + 3;
        var command = line[start..];
        int close = command.Length > 5 && (command.StartsWith("USER "u8) || command.StartsWith("PASS "u8)) ? command[5..].IndexOf((byte)'"') : -1;
        return close > 0 ? new PhraseValue(start + 5, start + 5 + close, command[0] == 'P' ? SensitiveKind.Password : SensitiveKind.User) : default;
    }

    /// <summary>A name in brackets that end at <paramref name="bracket"/>: no space or bracket in it; <paramref name="open"/> is its '['.</summary>
    private static bool TryBracketedNameBefore(ReadOnlySpan<byte> line, int bracket, out int open)
    {
        open = line[..bracket].LastIndexOf((byte)'[');
        return open >= 0 && open + 1 < bracket && line[(open + 1)..bracket].IndexOfAny((byte)' ', (byte)']') < 0;
    }
}

/// <summary>A value a phrase names (<see cref="NamedPhrases.TryFind"/>): where it is and what it is.</summary>
internal readonly record struct PhraseValue(int Start, int End, SensitiveKind Kind)
{
    public bool IsEmpty => End <= Start;
}
