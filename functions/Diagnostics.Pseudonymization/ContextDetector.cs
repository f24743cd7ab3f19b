using System.Buffers;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// The first pass over a line: identifiers and secrets recognised by their context or their own shape,
/// before the e-mail and IP passes. Named values (<c>key=value</c>, <c>key: value</c>, <c>"key":value</c>
/// in any format, so JSON fields by name), header values, sshd/PAM phrases, the ident and user fields
/// of a common log, URL user-info, API keys, JWTs, card numbers, phone numbers, IBANs and configured
/// customer ids. Matches are collected, sorted, and written without overlaps.
/// </summary>
internal static class ContextDetector
{
    /// <summary>Longest replacement: an e-mail-sized pseudonym or a marker, plus the quotes of a removed JSON number.</summary>
    internal const int MaxReplacementBytes = 40;

    private static readonly SearchValues<byte> AuthorityEnds = SearchValues.Create("/?# \t\"'<>\\"u8);

    /// <summary>Where a phrase of <see cref="KeywordAt"/> or a prefixed token can be.</summary>
    private static readonly string[] Keywords =
        ["user ", "username ", " for ", "(uid=", "AKIA", "ASIA", "AIza", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "_live_", "_test_", "xox", "eyJ", "Bearer ", "bearer ", "Basic "];

    /// <summary>Where a phrase of <see cref="RarePhraseAt"/> can be.</summary>
    private static readonly string[] RareKeywords =
        ["User ", "sudo", "]: (", "] OK ", "] FAIL ", "new user: ", "USER ", "(to ", "now logged in", OpenStackContext.Keyword, HomeDirectory.HomeKeyword, HomeDirectory.UsersKeyword,
            SparkAcls.Keyword, HadoopUsers.StagingKeyword, CommandLineSecrets.MysqlKeyword, .. LoginPhrases.Keywords, .. NamedPhrases.Keywords];

    private static readonly KeywordSearch KeywordStarts = new(Keywords);

    private static readonly KeywordSearch RareKeywordStarts = new(RareKeywords);

    /// <summary>Both lists, looked for in one pass over the line.</summary>
    private static readonly KeywordSearch AllKeywords = new([.. Keywords, .. RareKeywords]);

    /// <param name="line">The line.</param>
    /// <param name="bits">The line's <see cref="LineBits"/>: named values are looked for at its separators.</param>
    /// <param name="format">The line's format: a common log's fields are read by position.</param>
    /// <param name="customerIds">The configured customer id patterns.</param>
    /// <param name="matches">Cleared, then filled with the matches, sorted and without overlaps.</param>
    /// <param name="w3cUserField">Where the user field is under the W3C layout in force (<see cref="W3cFields"/>).</param>
    internal static void Find(
        ReadOnlySpan<byte> line, in LineBits bits, LogFormat format, IReadOnlyList<CustomerIdPattern> customerIds, List<SensitiveMatch> matches,
        int w3cUserField = W3cFields.None)
    {
        matches.Clear();
        if (format == LogFormat.Clf)
        {
            FindClfFields(line, matches);
        }

        foreach (int p in AllKeywords.In(line))
        {
            if (KeywordStarts.StartsAt(line, p))
            {
                KeywordAt(line, p, matches);
            }

            if (RareKeywordStarts.StartsAt(line, p))
            {
                RarePhraseAt(line, p, matches);
            }
        }

        for (int from = 0; WindowsAccount.TryFind(line, bits, from, out int nameStart, out int nameEnd); from = nameEnd)
        {
            matches.Add(new SensitiveMatch(nameStart, nameEnd, SensitiveKind.User));
        }

        if (SquidFields.TryUserField(line, out int userStart, out int userEnd))
        {
            matches.Add(new SensitiveMatch(userStart, userEnd, SensitiveKind.User));
        }

        for (int at = bits.NextAt(0); at >= 0; at = bits.NextAt(at + 1))
        {
            if (line[at] == '@' && UserAtAddress.TryName(line, at, out int nameStart))
            {
                matches.Add(new SensitiveMatch(nameStart, at, SensitiveKind.User));
            }
            else if (line[at] == '@' && DisplayName.TryFind(line, at, out int displayStart, out int displayEnd))
            {
                matches.Add(new SensitiveMatch(displayStart, displayEnd, SensitiveKind.User));
            }
        }

        if (W3cFields.TryUserName(line, w3cUserField, out int w3cStart, out int w3cEnd) && !(w3cEnd - w3cStart == 1 && line[w3cStart] == '-'))
        {
            matches.Add(new SensitiveMatch(w3cStart, w3cEnd, SensitiveKind.User));
        }

        var runs = bits.NumberRuns;
        FindHostNameQuads(line, runs, matches);
        for (int k = 0; k < customerIds.Count; k++)
        {
            FindCustomerIds(line, customerIds[k], matches);
        }


        int i = 0;
        while (i < line.Length)
        {
            int p = bits.NextSeparator(i);
            if (p < 0)
            {
                break;
            }

            i = p + 1;
            if (line[p] is (byte)':' or (byte)'>' && NamedPhrases.TryFindAtSeparator(line, p, out var phraseValue, out var otherValue))
            {
                AddPhraseValues(phraseValue, otherValue, matches);
            }

            if (line[p] == '>')
            {
                if (KeyNames.TryXmlElement(line, p, out var elementKind, out int textStart, out int textEnd))
                {
                    AddNamedValue(line, elementKind, textStart, textEnd, quote: false, matches);
                }
            }
            else if (line[p] == '=')
            {
                NamedValue(line, p, separatorIsColon: false, matches);
                if (p + 1 < line.Length && line[p + 1] == '/')
                {
                    HadoopUsers.AddPathUser(line, p, matches);
                }
                else if (p > 0 && line[p - 1] is (byte)'U' or (byte)'A' or (byte)' ')
                {
                    EximUsers.AddName(line, p, matches);
                }
            }
            else if (p + 2 < line.Length && line[p + 1] == '/' && line[p + 2] == '/')
            {
                UserInfo(line, p + 3, matches);
                if (p > 0 && line[p - 1] == 's')
                {
                    HadoopUsers.AddUrlUser(line, p, matches);
                }
            }
            else if (p > 0 && line[p - 1] is (byte)')' or (byte)'>')
            {
                // Dovecot's imap(alice): and imap(alice)<pid><session>:
                if (p + 1 < line.Length && line[p + 1] == ' ' && DovecotUser.TryName(line, p - 1, out int dovecotStart, out int dovecotEnd))
                {
                    matches.Add(new SensitiveMatch(dovecotStart, dovecotEnd, SensitiveKind.User));
                }
            }
            else if (p > 0 && line[p - 1] == ']')
            {
                // The colon after a program's pid (useradd[1234]: …); no key ends with a ']'.
                ShadowUsers.AddNames(line, p, matches);
            }
            else if (!(p > 0 && AsciiClass.IsDigit(line[p - 1])))
            {
                NamedValue(line, p, separatorIsColon: true, matches);
                if (p > 0 && line[p - 1] == 'h')
                {
                    HadoopUsers.AddAuthUser(line, p, matches);
                }

                if (p > 0 && p + 1 < line.Length && line[p + 1] is not ((byte)' ' or (byte)'/'))
                {
                    CommandLineSecrets.AddCurlUser(line, p, matches);
                }
            }
        }

        FindNumbers(line, runs, matches);
        if (matches.Count > 1)
        {
            // Earliest first, then longest; on the same span a removal wins over a pseudonym.
            matches.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End != b.End ? b.End.CompareTo(a.End) : b.Kind.CompareTo(a.Kind));
            DropOverlapsAndTouchingPseudonyms(matches);
        }
    }

    /// <summary>
    /// Drops what overlaps an earlier match, and a pseudonymized match that starts where a pseudonymized one ends: two
    /// pseudonyms side by side would read as one token that is neither, and the later one was a fragment of the
    /// earlier's text (a phrase's name that runs into a named value).
    /// </summary>
    private static void DropOverlapsAndTouchingPseudonyms(List<SensitiveMatch> matches)
    {
        int kept = 0;
        for (int i = 0; i < matches.Count; i++)
        {
            var match = matches[i];
            if (kept > 0)
            {
                var previous = matches[kept - 1];
                if (match.Start < previous.End)
                {
                    continue;
                }

                if (match.Start == previous.End && IsPseudonymized(previous.Kind) && IsPseudonymized(match.Kind))
                {
                    continue;
                }
            }

            matches[kept++] = match;
        }

        matches.RemoveRange(kept, matches.Count - kept);
    }

    private static bool IsPseudonymized(SensitiveKind kind) => kind < SensitiveKind.Password;

    /// <summary>Writes the line with the matches of <see cref="Find"/> (sorted, none overlapping) replaced.</summary>
    internal static int Apply(ReadOnlySpan<byte> line, List<SensitiveMatch> matches, Span<byte> destination, Pseudonymizer pseudonymizer, ref DetectorCounts counts)
    {
        int written = 0;
        int copied = 0;
        foreach (var match in matches)
        {
            line[copied..match.Start].CopyTo(destination[written..]);
            written += match.Start - copied;
            written += Replace(line[match.Start..match.End], match, destination[written..], pseudonymizer, ref counts);
            copied = match.End;
        }

        line[copied..].CopyTo(destination[written..]);
        return written + line.Length - copied;
    }

    private static int Replace(ReadOnlySpan<byte> value, SensitiveMatch match, Span<byte> destination, Pseudonymizer pseudonymizer, ref DetectorCounts counts)
    {
        if (match.Quote && match.Kind is SensitiveKind.User or SensitiveKind.Phone)
        {
            // A JSON number's pseudonym is a string.
            destination[0] = (byte)'"';
            int inner = Replace(value, match with { Quote = false }, destination[1..], pseudonymizer, ref counts);
            destination[inner + 1] = (byte)'"';
            return inner + 2;
        }

        switch (match.Kind)
        {
            case SensitiveKind.User:
                counts.User++;
                return pseudonymizer.WriteUser(value, destination);
            case SensitiveKind.Host:
                counts.Host++;
                return pseudonymizer.WriteHost(value, destination);
            case SensitiveKind.CustomerId:
                counts.CustomerId++;
                return pseudonymizer.WriteCustomerId(value, destination);
            case SensitiveKind.Phone:
                {
                    counts.Phone++;
                    Span<byte> e164 = stackalloc byte[24];
                    int length = PhoneNumbers.ToE164(value, e164);
                    return pseudonymizer.WritePhone(e164[..length], destination);
                }

            case SensitiveKind.Iban:
                {
                    counts.Iban++;
                    Span<byte> compact = stackalloc byte[40];
                    int length = 0;
                    foreach (byte b in value)
                    {
                        if (b != ' ' && length < compact.Length)
                        {
                            compact[length++] = b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b;
                        }
                    }

                    return pseudonymizer.WriteIban(compact[..length], destination);
                }

            default:
                counts.AddRemoved(match.Kind);
                int w = 0;
                if (match.Quote)
                {
                    destination[w++] = (byte)'"';
                }

                var marker = Marker(match.Kind);
                marker.CopyTo(destination[w..]);
                w += marker.Length;
                if (match.Quote)
                {
                    destination[w++] = (byte)'"';
                }

                return w;
        }
    }

    internal static ReadOnlySpan<byte> Marker(SensitiveKind kind) => kind switch
    {
        SensitiveKind.Password => "[removed:password]"u8,
        SensitiveKind.ApiKey => "[removed:api-key]"u8,
        SensitiveKind.Jwt => "[removed:jwt]"u8,
        SensitiveKind.Authorization => "[removed:authorization]"u8,
        SensitiveKind.Cookie => "[removed:cookie]"u8,
        SensitiveKind.Card => "[removed:card]"u8,
        _ => "[removed:secret]"u8,
    };

    /// <summary>The host (when a name), ident and user fields of <c>host ident user [time] ...</c>.</summary>
    private static void FindClfFields(ReadOnlySpan<byte> line, List<SensitiveMatch> matches)
    {
        if (!LogFormatDetector.TryKnownClfFields(line, out int host, out int ident, out int user, out int userEnd))
        {
            return;
        }

        if (!IsDash(line[host..(ident - 1)]) && AsciiClass.HasLetterInLastLabel(line[host..(ident - 1)]))
        {
            matches.Add(new SensitiveMatch(host, ident - 1, SensitiveKind.Host));
        }

        if (!IsDash(line[ident..(user - 1)]))
        {
            matches.Add(new SensitiveMatch(ident, user - 1, SensitiveKind.User));
        }

        if (!IsDash(line[user..userEnd]))
        {
            matches.Add(new SensitiveMatch(user, userEnd, SensitiveKind.User));
        }
    }

    private static bool IsDash(ReadOnlySpan<byte> value) => value.Length == 1 && value[0] == '-';

    /// <summary>
    /// Phrases and prefixed tokens, found together. sshd and PAM: <c>invalid user X</c>, <c>illegal user X</c>,
    /// <c>for user X</c>, <c>from user X</c>, and <c>Accepted|Failed|Postponed METHOD for X from</c>; <c>by X(uid=N)</c>
    /// as in sudo's session lines. API keys by their documented prefixes, JWTs, bearer tokens and basic credentials.
    /// </summary>
    private static void KeywordAt(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        switch (line[p])
        {
            case (byte)'u' when line[p..].StartsWith("username "u8):
                // WordPress' security plugins: Failed login attempt for username "alice" from IP 203.0.113.7
                if (FollowsWord(line, p, "for"u8) || FollowsWord(line, p, "invalid"u8))
                {
                    AddName(line, p + 9, matches);
                }

                break;
            case (byte)'u':
                if (FollowsWord(line, p, "invalid"u8) || FollowsWord(line, p, "illegal"u8) || FollowsWord(line, p, "for"u8) || FollowsWord(line, p, "from"u8)
                    || FollowsWord(line, p, "of"u8) || FollowsWord(line, p, "authenticating"u8) || FollowsWord(line, p, "delete"u8))
                {
                    AddName(line, p + 5, matches);
                }
                else if (FollowsApacheCode(line, p))
                {
                    // AH01617: user alice: authentication failure for "/private"
                    AddPlainName(line, p + 5, matches);
                }
                else if ((p == 0 || line[p - 1] == ' ') && IsFromAddressAndPort(line, KeyNames.NameEnd(line, p + 5)))
                {
                    // sshd: Close session: user alice from 203.0.113.7 port 50022 id 0
                    AddName(line, p + 5, matches);
                }
                else if (p + 5 < line.Length && line[p + 5] == '"' && IsNginxAuthFailure(line, p + 5))
                {
                    // nginx: user "alice" was not found in "/etc/nginx/.htpasswd"; user "alice": password mismatch
                    AddName(line, p + 5, matches);
                }

                break;
            case (byte)' ':
                if (IsAuthOutcome(line, p) && !line[(p + 5)..].StartsWith("invalid user "u8))
                {
                    // The name is the word before " from ", whatever it holds: sshd writes what the client sent (o'brien,
                    // CORP\kim), and the gate reads the same word.
                    int end = WordEndBefore(line, p + 5, " from "u8);
                    if (end > 0)
                    {
                        matches.Add(new SensitiveMatch(p + 5, end, SensitiveKind.User));
                    }
                }
                else if (IsNameAfterFor(line, p) && !line[(p + 5)..].StartsWith("invalid user "u8) && !line[(p + 5)..].StartsWith("illegal user "u8))
                {
                    int end = AddPlainName(line, p + 5, matches);
                    if (end > 0 && line[end..].StartsWith(" by "u8) && FollowsWord(line, p + 1, "su"u8))
                    {
                        // su: Successful su for root by alice
                        AddPlainName(line, end + 4, matches);
                    }
                }
                else if (IsFromAddressAndPort(line, KeyNames.NameEnd(line, p + 5)) && !line[(p + 5)..].StartsWith("invalid user "u8))
                {
                    // sshd: Starting session: shell on pts/0 for alice from 203.0.113.7 port 50022 id 0
                    AddName(line, p + 5, matches);
                }

                break;
            case (byte)'(':
                int start = p;
                while (start > 0 && line[start - 1] != ' ')
                {
                    start--;
                }

                if (start < p && line[..start].EndsWith(" by "u8))
                {
                    matches.Add(new SensitiveMatch(start, p, SensitiveKind.User));
                }

                break;
            case (byte)'B' when line[p + 1] == 'a':
                if (p == 0 || !AsciiClass.IsWord(line[p - 1]))
                {
                    // Basic credentials wherever they are written: {"name":"Authorization","value":"Basic dXNlcjpwYXNz"}.
                    int end = SecretShapes.BasicCredentialsEnd(line, p + 6);
                    if (end > 0)
                    {
                        matches.Add(new SensitiveMatch(p + 6, end, SensitiveKind.Authorization));
                    }
                }

                break;
            case (byte)'B' or (byte)'b':
                if (p == 0 || !AsciiClass.IsWord(line[p - 1]))
                {
                    int end = SecretShapes.BearerTokenEnd(line, p + 7);
                    if (end > 0)
                    {
                        matches.Add(new SensitiveMatch(p + 7, end, SensitiveKind.Jwt));
                    }
                }

                break;
            default:
                Token(line, p, matches);
                break;
        }
    }

    /// <summary>
    /// The API key or JWT whose marker starts at <paramref name="p"/>. The search goes on inside it: a keyword
    /// there can start a match that ends after it (<c>…-Bearer TOKEN</c>); overlaps are dropped when writing.
    /// </summary>
    private static void Token(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        var (body, markerLength) = SecretShapes.ShapeAt(line, p);
        var marker = line.Slice(p, markerLength);
        if (SecretShapes.TryMatch(line, p, marker, body, out int start, out int end))
        {
            matches.Add(new SensitiveMatch(start, end, body == SecretShapes.Body.JwtBody ? SensitiveKind.Jwt : SensitiveKind.ApiKey));
        }
    }

    /// <summary>
    /// Phrases of other programs at <paramref name="p"/>: sshd's <c>User X from</c>, sudo, cron and vsftpd users,
    /// useradd's <c>new user: name=X</c>, login's, Dovecot's, Spark's and Hadoop's users, MySQL clients' passwords; and
    /// home directories.
    /// </summary>
    private static void RarePhraseAt(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        if (NamedPhrases.Search.StartsAt(line, p))
        {
            if (NamedPhrases.TryFind(line, p, out var first, out var second))
            {
                AddPhraseValues(first, second, matches);
            }

            return;
        }

        bool wordStart = p == 0 || line[p - 1] == ' ';
        if (line[p] is (byte)'/' or (byte)'U' && HomeDirectory.IsRoot(line, p, out int root))
        {
            if (HomeDirectory.TryName(line, root, out int nameStart, out int nameEnd))
            {
                matches.Add(new SensitiveMatch(nameStart, nameEnd, SensitiveKind.User));
            }

            return;
        }

        switch (line[p])
        {
            case (byte)'U' when wordStart && line[p..].StartsWith("User "u8):
                {
                    // sshd: User alice from 203.0.113.7 not allowed because …; systemd: Started Session 42 of User alice.
                    int end = KeyNames.NameEnd(line, p + 5);
                    if (end > p + 5 && (line[end..].StartsWith(" from "u8) || line[end..].StartsWith(" not allowed"u8) || FollowsWord(line, p, "of"u8)))
                    {
                        matches.Add(new SensitiveMatch(p + 5, end, SensitiveKind.User));
                    }

                    break;
                }

            case (byte)'s' when wordStart && p + 4 < line.Length && line[p + 4] is (byte)':' or (byte)'[':
                SudoInvoker(line, p, matches);
                break;
            case (byte)']' when line[p + 1] == ':':
                CronUser(line, p, matches);
                break;
            case (byte)']':
                VsftpdUser(line, p, matches);
                break;
            case (byte)'n' when wordStart && line[p..].StartsWith("new user: name="u8):
                // useradd: new user: name=bob, UID=1001, …
                AddPlainName(line, p + 15, matches);
                break;
            case (byte)'n' when p >= 5 && line[(p - 4)..p].SequenceEqual(" is "u8) && line[p..].StartsWith("now logged in"u8):
                // pure-ftpd: [INFO] alice is now logged in
                AddNameBefore(line, p - 4, matches);
                break;
            case (byte)'U' when wordStart && line[p..].StartsWith("USER "u8):
                ProftpdUser(line, p + 5, matches);
                break;
            case (byte)'(' when line[p..].StartsWith("(to "u8):
                SuUsers(line, p + 4, matches);
                break;
            case (byte)'S' when line[p..].StartsWith("SecurityManager: "u8):
                SparkAcls.AddNames(line, p, matches);
                break;
            case (byte)'m' when line[p..].StartsWith("mysql"u8):
                CommandLineSecrets.AddMysqlPasswords(line, p, matches);
                break;
            case (byte)'h' when line[p..].StartsWith("hadoop-yarn/staging/"u8):
                HadoopUsers.AddStagingUser(line, p, matches);
                break;
            case (byte)'L' or (byte)'D' or (byte)'F':
                LoginPhrases.AddName(line, p, matches);
                break;
            case (byte)'[' when OpenStackContext.TryUserField(line, p, out int userStart, out int userEnd):
                if (!OpenStackContext.IsNone(line[userStart..userEnd]))
                {
                    matches.Add(new SensitiveMatch(userStart, userEnd, SensitiveKind.User));
                }

                break;
        }
    }

    /// <summary>
    /// proftpd's <c>USER alice: Login successful.</c>, <c>USER alice (Login failed): …</c>, <c>USER alice: no such user
    /// found from …</c>; the name starts at <paramref name="start"/>.
    /// </summary>
    private static void ProftpdUser(ReadOnlySpan<byte> line, int start, List<SensitiveMatch> matches)
    {
        int end = PlainNameEnd(line, start);
        if (end > 0 && (line[end..].StartsWith(": "u8) || line[end..].StartsWith(" (Login"u8)))
        {
            matches.Add(new SensitiveMatch(start, end, SensitiveKind.User));
        }
    }

    /// <summary>su's <c>(to root) alice on pts/0</c>: the target from <paramref name="start"/>, then the user who switched.</summary>
    private static void SuUsers(ReadOnlySpan<byte> line, int start, List<SensitiveMatch> matches)
    {
        int targetEnd = KeyNames.NameEnd(line, start);
        if (targetEnd == start || !line[targetEnd..].StartsWith(") "u8))
        {
            return;
        }

        int name = targetEnd + 2;
        int nameEnd = KeyNames.NameEnd(line, name);
        if (nameEnd > name && line[nameEnd..].StartsWith(" on "u8))
        {
            matches.Add(new SensitiveMatch(start, targetEnd, SensitiveKind.User));
            matches.Add(new SensitiveMatch(name, nameEnd, SensitiveKind.User));
        }
    }

    /// <summary>The word that ends at <paramref name="end"/> and starts after a space or the line's start, as a user name.</summary>
    private static void AddNameBefore(ReadOnlySpan<byte> line, int end, List<SensitiveMatch> matches)
    {
        int start = end;
        while (start > 0 && (AsciiClass.IsWord(line[start - 1]) || line[start - 1] is (byte)'.' or (byte)'-' or (byte)'@' or >= 0x80))
        {
            start--;
        }

        if (start < end && (start == 0 || line[start - 1] == ' '))
        {
            matches.Add(new SensitiveMatch(start, end, SensitiveKind.User));
        }
    }

    /// <summary>
    /// The invoking user of sudo: <c>sudo:    alice : TTY=pts/0 ; PWD=… ; USER=root ; COMMAND=…</c>, also written
    /// <c>sudo[1234]:</c>; the name is followed by <c>" : "</c>.
    /// </summary>
    private static void SudoInvoker(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        int i = p + 4;
        if (line[i] == '[')
        {
            int close = line[i..].IndexOf("]:"u8);
            if (close < 0)
            {
                return;
            }

            i += close + 1;
        }

        i++;
        while (i < line.Length && line[i] == ' ')
        {
            i++;
        }

        // The word before " : ", whatever it holds (o'brien, CORP\kim): sudo writes the name as the system knows it.
        int end = WordEndBefore(line, i, " : "u8);
        if (end > 0)
        {
            matches.Add(new SensitiveMatch(i, end, SensitiveKind.User));
        }
    }

    /// <summary>cron's user in parentheses: <c>CRON[1234]: (alice) CMD (…)</c>, the ']' of the pid at <paramref name="p"/>.</summary>
    private static void CronUser(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        int open = line[..p].LastIndexOf((byte)'[');
        int programStart = open;
        while (programStart > 0 && AsciiClass.IsLetter(line[programStart - 1]))
        {
            programStart--;
        }

        if (open < 0 || !(System.Text.Ascii.EqualsIgnoreCase(line[programStart..open], "cron"u8) || System.Text.Ascii.EqualsIgnoreCase(line[programStart..open], "crond"u8)))
        {
            return;
        }

        int start = p + 4;
        int close = line[start..].IndexOf((byte)')');
        if (close > 0 && start + close + 1 < line.Length && line[start + close + 1] == ' ' && !line.Slice(start, close).Contains((byte)' '))
        {
            matches.Add(new SensitiveMatch(start, start + close, SensitiveKind.User));
        }
    }

    /// <summary>
    /// vsftpd's user in brackets after the pid: <c>[pid 1234] [alice] OK LOGIN: …</c> in its own log,
    /// <c>vsftpd[1234]: [alice] FAIL LOGIN: …</c> in syslog; its ']' at <paramref name="p"/>.
    /// </summary>
    private static void VsftpdUser(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        int open = line[..p].LastIndexOf((byte)'[');
        if (open >= 2 && open + 1 < p && line[open - 1] == ' ' && line[open - 2] is (byte)']' or (byte)':' && !line[(open + 1)..p].Contains((byte)' '))
        {
            matches.Add(new SensitiveMatch(open + 1, p, SensitiveKind.User));
        }
    }

    /// <summary>Apache's code and colon before <c>user </c> at <paramref name="p"/>: <c>AH01617: user alice:</c>.</summary>
    private static bool FollowsApacheCode(ReadOnlySpan<byte> line, int p)
    {
        int code = p - 9;
        if (code < 0 || line[p - 1] != ' ' || line[p - 2] != ':' || line[code] != 'A' || line[code + 1] != 'H')
        {
            return false;
        }

        for (int i = code + 2; i < p - 2; i++)
        {
            if (!AsciiClass.IsDigit(line[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>nginx's basic authentication: the quoted name at <paramref name="quote"/> is followed by <c>" was not found</c> or <c>": password mismatch</c>.</summary>
    private static bool IsNginxAuthFailure(ReadOnlySpan<byte> line, int quote)
    {
        int close = line[(quote + 1)..].IndexOf((byte)'"');
        if (close <= 0)
        {
            return false;
        }

        var after = line[(quote + 1 + close)..];
        return after.StartsWith("\" was not found"u8) || after.StartsWith("\": password mismatch"u8);
    }

    /// <summary>
    /// Whether <paramref name="end"/> is followed by <c> from ADDRESS port N</c>, an IP literal (raw or a pseudonym): sshd
    /// writes a user before it whatever the message (<c>for alice from …</c>, <c>user alice from …</c>).
    /// </summary>
    private static bool IsFromAddressAndPort(ReadOnlySpan<byte> line, int end)
    {
        if (!line[end..].StartsWith(" from "u8))
        {
            return false;
        }

        int start = end + 6;
        int i = start;
        bool dotOrColon = false;
        while (i < line.Length && (AsciiClass.IsHex(line[i]) || line[i] is (byte)'.' or (byte)':'))
        {
            dotOrColon |= line[i] is (byte)'.' or (byte)':';
            i++;
        }

        return dotOrColon && i - start >= 3 && line[i..].StartsWith(" port "u8);
    }

    /// <summary>
    /// A phrase whose <c>for</c> (the space before it at <paramref name="space"/>) names a user: <c>authentication
    /// failure(s) for X</c>, <c>attempts exceeded for X</c>, <c>password changed for X</c>, <c>su for X by Y</c>,
    /// Roundcube's <c>Successful login for X (ID: 12)</c> and <c>Failed login for X from</c>.
    /// </summary>
    private static bool IsNameAfterFor(ReadOnlySpan<byte> line, int space)
    {
        var before = line[..space];
        return EndsWithIgnoreCase(before, "authentication failures"u8) || EndsWithIgnoreCase(before, "authentication failure"u8)
            || EndsWithIgnoreCase(before, "attempts exceeded"u8) || EndsWithIgnoreCase(before, "password changed"u8)
            || EndsWithIgnoreCase(before, "successful login"u8) || EndsWithIgnoreCase(before, "failed login"u8)
            || FollowsWord(line, space + 1, "su"u8);
    }

    private static bool EndsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> suffix) =>
        text.Length >= suffix.Length && System.Text.Ascii.EqualsIgnoreCase(text[^suffix.Length..], suffix)
        && (text.Length == suffix.Length || !AsciiClass.IsWord(text[^(suffix.Length + 1)]));

    /// <summary>
    /// A bare name at <paramref name="start"/>: it starts with a letter, a digit or '_', and a colon after it ends it;
    /// returns its end, 0 when there is none.
    /// </summary>
    private static int AddPlainName(ReadOnlySpan<byte> line, int start, List<SensitiveMatch> matches)
    {
        int end = PlainNameEnd(line, start);
        if (end > 0)
        {
            matches.Add(new SensitiveMatch(start, end, SensitiveKind.User));
        }

        return end;
    }

    /// <summary>The end of the bare name at <paramref name="start"/> (see <see cref="AddPlainName"/>); 0 when there is none.</summary>
    private static int PlainNameEnd(ReadOnlySpan<byte> line, int start)
    {
        if (start >= line.Length || !(AsciiClass.IsWord(line[start]) || line[start] >= 0x80))
        {
            return 0;
        }

        int end = KeyNames.NameEnd(line, start);
        int colon = line[start..end].IndexOf((byte)':');
        return colon == 0 ? 0 : colon > 0 ? start + colon : end;
    }

    /// <summary>
    /// A host name that spells an IPv4 address (<see cref="HostNameQuad"/>) is pseudonymized whole, as a host name:
    /// the rest of it often names the client's provider and place. In an e-mail address it is left to the e-mail pass.
    /// </summary>
    private static void FindHostNameQuads(ReadOnlySpan<byte> line, in NumberRuns runs, List<SensitiveMatch> matches)
    {
        int from = 0;
        while (HostNameQuad.TryFind(line, runs, from, out int start, out int end))
        {
            while (start > 0 && KeyNames.IsHostNameByte(line[start - 1]))
            {
                start--;
            }

            while (end < line.Length && KeyNames.IsHostNameByte(line[end]))
            {
                end++;
            }

            // A final dot ends a sentence; the quad itself ends with a digit, so trimming stops there.
            while (line[end - 1] == '.')
            {
                end--;
            }

            from = end;
            if (!(start > 0 && line[start - 1] == '@' && EmailDetector.TryMatch(line, start - 1, 0, out _, out int emailEnd) && emailEnd >= end))
            {
                matches.Add(new SensitiveMatch(start, end, SensitiveKind.Host));
            }
        }
    }

    /// <summary>The two words before the space at <paramref name="space"/> are <c>Accepted|Failed|Postponed METHOD</c>.</summary>
    private static bool IsAuthOutcome(ReadOnlySpan<byte> line, int space)
    {
        int methodStart = space;
        while (methodStart > 0 && line[methodStart - 1] != ' ')
        {
            methodStart--;
        }

        if (methodStart == space || methodStart == 0)
        {
            return false;
        }

        var before = line[..(methodStart - 1)];
        return before.EndsWith("Accepted"u8) || before.EndsWith("Failed"u8) || before.EndsWith("Postponed"u8);
    }

    private static bool FollowsWord(ReadOnlySpan<byte> line, int p, ReadOnlySpan<byte> word)
    {
        int start = p - 1 - word.Length;
        if (start < 0 || line[p - 1] != ' ')
        {
            return false;
        }

        for (int i = 0; i < word.Length; i++)
        {
            if ((line[start + i] | 0x20) != word[i])
            {
                return false;
            }
        }

        // After a dot the word is a domain's last label (an e-mail pseudonym's "….invalid user"), not the phrase.
        return start == 0 || !(AsciiClass.IsWord(line[start - 1]) || line[start - 1] == '.');
    }

    private static void AddName(ReadOnlySpan<byte> line, int start, List<SensitiveMatch> matches)
    {
        // MySQL and others quote it: user 'bob'@'host', user [carl].
        if (KeyNames.IsQuotedName(line, start))
        {
            int close = KeyNames.QuotedNameLength(line, start);
            if (close > 0)
            {
                matches.Add(new SensitiveMatch(start + 1, start + 1 + close, SensitiveKind.User));
            }

            return;
        }

        int end = KeyNames.NameEnd(line, start);
        if (end > start && end < line.Length && line[end] != ' ')
        {
            // sshd writes the name the client sent: a quote or a backslash in it (o'brien, test\x20) does not end it
            // before " from ".
            end = Math.Max(end, WordEndBefore(line, start, " from "u8));
        }

        if (end > start && !(end == start + 1 && line[start] == '-'))
        {
            matches.Add(new SensitiveMatch(start, end, SensitiveKind.User));
        }
    }

    /// <summary>
    /// The end of the word (no space in it) that starts at <paramref name="start"/> when <paramref name="next"/> follows
    /// it; -1 otherwise.
    /// </summary>
    private static int WordEndBefore(ReadOnlySpan<byte> line, int start, ReadOnlySpan<byte> next)
    {
        int space = line[start..].IndexOf((byte)' ');
        return space > 0 && line[(start + space)..].StartsWith(next) ? start + space : -1;
    }

    /// <summary>The value after <c>key=</c>, <c>key:</c> or <c>"key":</c>, judged by the key's name.</summary>
    private static void NamedValue(ReadOnlySpan<byte> line, int separator, bool separatorIsColon, List<SensitiveMatch> matches)
    {
        if (!KeyNames.TryKeyBefore(line, separator, separatorIsColon, out var key))
        {
            return;
        }

        int keyStart = key.Start;
        int keyEnd = key.End;
        bool quotedKey = key.Quoted;
        bool escaped = key.Escaped;

        var kind = KeyNames.ClassifyKeyIn(line, keyStart, keyEnd);
        if (kind == KeyKind.None)
        {
            // Windows' event XML names a field by an attribute: <Data Name="TargetUserName">alice</Data>.
            if (!separatorIsColon && KeyNames.TryXmlDataField(line, keyStart, keyEnd, out var fieldKind, out int textStart, out int textEnd))
            {
                AddNamedValue(line, fieldKind, textStart, textEnd, quote: false, matches);
            }

            return;
        }

        int start = key.ValueStart;

        if (start >= line.Length)
        {
            return;
        }

        // An unquoted header takes the rest of the line (or of the quoted field holding it).
        if (separatorIsColon && !quotedKey && kind is KeyKind.Authorization or KeyKind.Cookie)
        {
            if (line[start] == '"')
            {
                start++;
            }

            int end = line[start..].IndexOfAny((byte)'"', (byte)'\\');
            end = end < 0 ? line.Length : start + end;
            while (end > start && line[end - 1] == ' ')
            {
                end--;
            }

            if (end > start)
            {
                matches.Add(new SensitiveMatch(start, end, kind == KeyKind.Cookie ? SensitiveKind.Cookie : SensitiveKind.Authorization));
            }

            return;
        }

        int valueStart;
        int valueEnd;
        bool quote = false;
        if (line[start] is (byte)'"' or (byte)'\'' or (byte)'<')
        {
            byte q = line[start] == '<' ? (byte)'>' : line[start];
            valueStart = start + 1;
            valueEnd = valueStart;
            while (valueEnd < line.Length && line[valueEnd] != q)
            {
                valueEnd += line[valueEnd] == '\\' && valueEnd + 1 < line.Length ? 2 : 1;
            }

            valueEnd = Math.Min(valueEnd, line.Length);
        }
        else if (escaped && line[start..].StartsWith("\\\""u8))
        {
            valueStart = start + 2;
            int close = line[valueStart..].IndexOf("\\\""u8);
            valueEnd = close < 0 ? line.Length : valueStart + close;
        }
        else if (escaped)
        {
            // Only a string is read in escaped JSON: a number's pseudonym would need escaped quotes.
            return;
        }
        else
        {
            valueStart = start;
            valueEnd = start;
            while (valueEnd < line.Length && !IsValueDelimiter(line[valueEnd]))
            {
                valueEnd++;
            }

            // A JSON number under a secret's name becomes a string: the JSON stays valid.
            quote = quotedKey && valueEnd > valueStart && (AsciiClass.IsDigit(line[valueStart]) || line[valueStart] == '-');
            if (quotedKey && !quote)
            {
                return;
            }

            // "imap-login: Login: user=…": after a colon, a label or another named value is not this key's value.
            if (separatorIsColon && KeyNames.IsLabelOrNamedValue(line[valueStart..valueEnd], valueEnd < line.Length ? line[valueEnd] : (byte)0))
            {
                return;
            }
        }

        AddNamedValue(line, kind, valueStart, valueEnd, quote, matches);
    }

    /// <summary>The values a phrase names (<see cref="NamedPhrases"/>), those that are not empty.</summary>
    private static void AddPhraseValues(PhraseValue first, PhraseValue second, List<SensitiveMatch> matches)
    {
        if (!first.IsEmpty)
        {
            matches.Add(new SensitiveMatch(first.Start, first.End, first.Kind));
        }

        if (!second.IsEmpty)
        {
            matches.Add(new SensitiveMatch(second.Start, second.End, second.Kind));
        }
    }

    /// <summary>The value at <c>line[valueStart..valueEnd]</c> of a key of <paramref name="kind"/>, as a match of its kind.</summary>
    private static void AddNamedValue(ReadOnlySpan<byte> line, KeyKind kind, int valueStart, int valueEnd, bool quote, List<SensitiveMatch> matches)
    {
        var value = line[valueStart..valueEnd];
        if (value.IsEmpty || (value.Length == 1 && value[0] == '-'))
        {
            return;
        }

        switch (kind)
        {
            case KeyKind.UserUnlessNumber when !KeyNames.StartsLikeAName(value):
                break;
            case KeyKind.User or KeyKind.UserUnlessNumber:
                // An e-mail address as a user name is left to the e-mail pass. A JSON number ("user_id":42) becomes a
                // string, as a removed one does.
                if (!EmailDetector.IsWholeAddress(value, 0, value.Length))
                {
                    matches.Add(new SensitiveMatch(valueStart, valueEnd, SensitiveKind.User, quote));
                }

                break;
            case KeyKind.Host:
                // Only a host name: an IP literal, an e-mail address or anything else is left to the other passes.
                if (!quote && KeyNames.IsHostNameValue(value))
                {
                    matches.Add(new SensitiveMatch(valueStart, valueEnd, SensitiveKind.Host));
                }

                break;
            case KeyKind.Phone:
                if (PhoneNumbers.DigitCount(value) >= 6)
                {
                    matches.Add(new SensitiveMatch(valueStart, valueEnd, SensitiveKind.Phone, quote));
                }

                break;
            case KeyKind.Password:
                matches.Add(new SensitiveMatch(valueStart, valueEnd, SensitiveKind.Password, quote));
                break;
            case KeyKind.Authorization:
                matches.Add(new SensitiveMatch(valueStart, valueEnd, SensitiveKind.Authorization, quote));
                break;
            case KeyKind.Cookie:
                matches.Add(new SensitiveMatch(valueStart, valueEnd, SensitiveKind.Cookie, quote));
                break;
            default:
                matches.Add(new SensitiveMatch(valueStart, valueEnd, SensitiveKind.Secret, quote));
                break;
        }
    }

    internal static bool IsValueDelimiter(byte b) =>
        b is (byte)' ' or (byte)'\t' or (byte)'&' or (byte)';' or (byte)',' or (byte)'"' or (byte)'\'' or (byte)'<' or (byte)'>'
            or (byte)')' or (byte)']' or (byte)'}' or (byte)'|' or (byte)'\\' or (byte)'#';

    /// <summary><c>scheme://user:password@host</c>: the user gets a pseudonym, the password is removed.</summary>
    private static void UserInfo(ReadOnlySpan<byte> line, int start, List<SensitiveMatch> matches)
    {
        int end = AuthorityEnd(line, start);
        int at = line[start..end].LastIndexOf((byte)'@');
        if (at <= 0)
        {
            return;
        }

        at += start;
        int colon = line[start..at].IndexOf((byte)':');
        if (colon < 0)
        {
            // user@domain is left to the e-mail pass, which pseudonymizes it whole.
            if (!EmailDetector.TryMatchDomain(line, at, out _))
            {
                matches.Add(new SensitiveMatch(start, at, SensitiveKind.User));
            }

            return;
        }

        colon += start;
        if (colon > start)
        {
            matches.Add(new SensitiveMatch(start, colon, SensitiveKind.User));
        }

        if (at > colon + 1)
        {
            matches.Add(new SensitiveMatch(colon + 1, at, SensitiveKind.Password));
        }
    }

    /// <summary>Where the authority of a URL that starts at <paramref name="start"/> ends.</summary>
    internal static int AuthorityEnd(ReadOnlySpan<byte> line, int start)
    {
        int end = line[start..].IndexOfAny(AuthorityEnds);
        return end < 0 ? line.Length : start + end;
    }

    private static void FindCustomerIds(ReadOnlySpan<byte> line, CustomerIdPattern pattern, List<SensitiveMatch> matches)
    {
        var prefix = pattern.PrefixBytes;
        int from = 0;
        while (true)
        {
            int hit = line[from..].IndexOf(prefix);
            if (hit < 0)
            {
                return;
            }

            int p = from + hit;
            from = p + prefix.Length;
            if (p > 0 && AsciiClass.IsWord(line[p - 1]))
            {
                continue;
            }

            int end = from;
            while (end < line.Length && pattern.IsBodyByte(line[end]))
            {
                end++;
            }

            if (end > from && (end == line.Length || !AsciiClass.IsWord(line[end])))
            {
                matches.Add(new SensitiveMatch(p, end, SensitiveKind.CustomerId));
                from = end;
            }
        }
    }

    /// <summary>
    /// Cards, phone numbers and IBANs, looked for only where <see cref="NumberRuns"/> says one can start, and
    /// only in runs that hold eight digits or more.
    /// </summary>
    private static void FindNumbers(ReadOnlySpan<byte> line, in NumberRuns runs, List<SensitiveMatch> matches)
    {
        for (int c = runs.Next(0); c >= 0; c = runs.Next(c))
        {
            if (line[c] is >= (byte)'A' and <= (byte)'Z')
            {
                if (Ibans.TryMatch(line, c, out int ibanEnd))
                {
                    matches.Add(new SensitiveMatch(c, ibanEnd, SensitiveKind.Iban));
                    c = ibanEnd;
                }
                else
                {
                    c += 2;
                }

                continue;
            }

            int end = runs.RunEnd(c);
            int q = c;
            int digits = runs.DigitCount(c, end);
            if (digits >= 8 && runs.MayHoldLongNumber(line, c, end, digits))
            {
                while (q < end)
                {
                    byte b = line[q];
                    if (!(AsciiClass.IsDigit(b) || b == '+'))
                    {
                        q++;
                    }
                    else if (q > 0 && (AsciiClass.IsDigit(line[q - 1]) || line[q - 1] is (byte)'.' or (byte)'+'))
                    {
                        // The later numbers of 10.0.0.1 or 3.0.6099: what Number would skip, without the call.
                        q = SkipDigits(line, q);
                    }
                    else
                    {
                        q = Number(line, q, matches);
                    }
                }
            }

            c = Math.Max(q, end);
        }

        for (int plus = runs.NextPlus(0); plus >= 0; plus = runs.NextPlus(plus + 1))
        {
            if (PhoneNumbers.TryMatchParenthesized(line, plus, out int phoneStart, out int phoneEnd))
            {
                matches.Add(new SensitiveMatch(phoneStart, phoneEnd, SensitiveKind.Phone));
            }
        }
    }

    /// <summary>A number starting at <paramref name="p"/>: a card, a phone number or an IBAN; returns where to go on.</summary>
    private static int Number(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        if (p > 0)
        {
            byte before = line[p - 1];
            if (AsciiClass.IsDigit(before) || before == '.' || before == '+' || NumberRuns.IsGluedToWord(line, p))
            {
                return SkipDigits(line, p);
            }

            if (AsciiClass.IsLetter(before))
            {
                if (PhoneNumbers.TryMatchAfterEncodedPlus(line, p, out int phoneStart, out int encodedEnd))
                {
                    matches.Add(new SensitiveMatch(phoneStart, encodedEnd, SensitiveKind.Phone));
                    return encodedEnd;
                }

                if (p >= 2 && Ibans.TryMatch(line, p - 2, out int ibanEnd))
                {
                    matches.Add(new SensitiveMatch(p - 2, ibanEnd, SensitiveKind.Iban));
                    return ibanEnd;
                }

                return SkipDigits(line, p);
            }
        }

        // Fewer than eight digits in the whole group of numbers: nothing in it can be a phone or a card.
        int extent = NumberExtent(line, p, out int digits);
        if (digits < 8)
        {
            return extent;
        }

        if (PhoneNumbers.TryMatch(line, p, out int phoneEnd))
        {
            matches.Add(new SensitiveMatch(p, phoneEnd, SensitiveKind.Phone));
            return phoneEnd;
        }

        if (line[p] != '+' && digits >= Cards.MinimumDigits && Cards.TryMatch(line, p, out int cardEnd))
        {
            matches.Add(new SensitiveMatch(p, cardEnd, SensitiveKind.Card));
            return cardEnd;
        }

        return SkipDigits(line, p);
    }

    /// <summary>The end of the digits from <paramref name="p"/> joined by single spaces, dots or dashes, and how many digits.</summary>
    internal static int NumberExtent(ReadOnlySpan<byte> line, int p, out int digits)
    {
        digits = 0;
        int end = line[p] == '+' ? p + 1 : p;
        while (end < line.Length)
        {
            if (AsciiClass.IsDigit(line[end]))
            {
                digits++;
                end++;
            }
            else if (line[end] is (byte)' ' or (byte)'.' or (byte)'-' && end + 1 < line.Length && AsciiClass.IsDigit(line[end + 1]) && end > p)
            {
                end++;
            }
            else
            {
                break;
            }
        }

        return end;
    }

    private static int SkipDigits(ReadOnlySpan<byte> line, int p)
    {
        // Numbers are short: a loop beats a vectorised search's set-up.
        int end = p + 1;
        while (end < line.Length && AsciiClass.IsDigit(line[end]))
        {
            end++;
        }

        return end;
    }
}
