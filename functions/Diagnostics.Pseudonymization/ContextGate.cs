namespace Diagnostics.Pseudonymization;

/// <summary>
/// The verification gate's checks for the context detectors. Where a context says "here is a user name,
/// a secret, a header value", it accepts only an allow-list of what the scrubber writes: a typed
/// pseudonym (<c>user-</c>, <c>host-</c>, <c>phone-</c>, <c>u-</c> + 16 base32), a <c>[removed:…]</c>
/// marker, '-' or nothing. Cards, phone numbers, IBANs, API keys, JWTs and customer ids are recognised
/// by shape anywhere in the line: none may remain. It walks the line on its own anchors and keywords;
/// the shape checks (Luhn, mod-97, token prefixes), the list of sensitive names and the
/// <see cref="NumberRuns"/> pre-filter (tested against a plain loop) are what both sides share.
/// </summary>
internal static class ContextGate
{
    /// <summary>Where a raw phrase user or a token can be: the gate's own list, looked for in one pass.</summary>
    private static readonly KeywordSearch Keywords = new([
        "user ", "username ", " from ", "(uid=", "/home/", "Users", OpenStackContext.Keyword, "AKIA", "ASIA", "AIza", "xox", "eyJ", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "_live_", "_test_", "Bearer ", "bearer ", "Basic ", .. NamedPhrases.Keywords]);

    internal static IdentifierKind Check(
        ReadOnlySpan<byte> line, in LineBits bits, LogFormat format, IReadOnlyList<CustomerIdPattern> customerIds, int w3cUserField = W3cFields.None)
    {
        if (format == LogFormat.Clf && !ClfFieldsArePseudonyms(line))
        {
            return IdentifierKind.User;
        }

        var keyword = CheckKeywords(line);
        if (keyword != IdentifierKind.None)
        {
            return keyword;
        }

        for (int k = 0; k < customerIds.Count; k++)
        {
            if (HasCustomerId(line, customerIds[k]))
            {
                return IdentifierKind.CustomerId;
            }
        }

        for (int from = 0; WindowsAccount.TryFind(line, bits, from, out int nameStart, out int nameEnd); from = nameEnd)
        {
            if (!IsUserValue(line[nameStart..nameEnd]))
            {
                return IdentifierKind.User;
            }
        }

        if (SquidFields.TryUserField(line, out int userStart, out int userEnd) && !IsUserValue(line[userStart..userEnd]))
        {
            return IdentifierKind.User;
        }

        for (int at = bits.NextAt(0); at >= 0; at = bits.NextAt(at + 1))
        {
            if (line[at] == '@' && UserAtAddress.TryName(line, at, out int nameStart) && !IsUserValue(line[nameStart..at]))
            {
                return IdentifierKind.User;
            }

            if (line[at] == '@' && DisplayName.TryFind(line, at, out int displayStart, out int displayEnd) && !IsUserValue(line[displayStart..displayEnd]))
            {
                return IdentifierKind.User;
            }
        }

        if (W3cFields.TryUserName(line, w3cUserField, out int w3cStart, out int w3cEnd) && !IsUserValue(line[w3cStart..w3cEnd]))
        {
            return IdentifierKind.User;
        }

        var runs = bits.NumberRuns;
        if (HasHostNameQuad(line, runs))
        {
            return IdentifierKind.Ipv4;
        }

        var named = CheckSeparators(line, bits);
        return named != IdentifierKind.None ? named : CheckNumbers(line, runs);
    }

    /// <summary>Named values and URL user-info, at each '=' and ':'; XML elements' text, at each '>'.</summary>
    private static IdentifierKind CheckSeparators(ReadOnlySpan<byte> line, in LineBits bits)
    {
        int i = 0;
        while (i < line.Length)
        {
            int p = bits.NextSeparator(i);
            if (p < 0)
            {
                return IdentifierKind.None;
            }

            i = p + 1;
            byte b = line[p];
            if (b is (byte)':' or (byte)'>' && NamedPhrases.TryFindAtSeparator(line, p, out var first, out var second)
                && RawPhraseValues(line, first, second) is var phraseRaw and not IdentifierKind.None)
            {
                return phraseRaw;
            }

            if (b == '>')
            {
                if (KeyNames.TryXmlElement(line, p, out var elementKind, out int textStart, out int textEnd)
                    && ValueKind(elementKind, line[textStart..textEnd]) is var found and not IdentifierKind.None)
                {
                    return found;
                }
            }
            else if (b == ':' && p + 2 < line.Length && line[p + 1] == '/' && line[p + 2] == '/')
            {
                if (!UserInfoIsPseudonymized(line, p + 3))
                {
                    return IdentifierKind.User;
                }
            }
            else if (p > 0 && (AsciiClass.IsLetter(line[p - 1]) || line[p - 1] is (byte)'"' or (byte)' ' || (b == '=' && line[p - 1] == ']')))
            {
                var kind = NamedValueKind(line, p, b == ':');
                if (kind != IdentifierKind.None)
                {
                    return kind;
                }
            }
        }

        return IdentifierKind.None;
    }

    /// <summary>
    /// Cards, phone numbers and IBANs. Only runs that <see cref="NumberRuns"/> marks and that hold eight digits
    /// can hold a phone or a card, and only its capital-letter starts an IBAN; in a run every number is judged
    /// on its own, its digits counted the gate's way.
    /// </summary>
    private static IdentifierKind CheckNumbers(ReadOnlySpan<byte> line, in NumberRuns runs)
    {
        for (int c = runs.Next(0); c >= 0; c = runs.Next(c))
        {
            if (line[c] is >= (byte)'A' and <= (byte)'Z')
            {
                if (Ibans.TryMatch(line, c, out _))
                {
                    return IdentifierKind.Iban;
                }

                c++;
                continue;
            }

            int runEnd = runs.RunEnd(c);
            int digits = runs.DigitCount(c, runEnd);
            int p = digits >= 8 && runs.MayHoldLongNumber(line, c, runEnd, digits) ? c : runEnd;
            while (p < runEnd)
            {
                byte b = line[p];
                if (!(AsciiClass.IsDigit(b) || b == '+'))
                {
                    p++;
                    continue;
                }

                if (p > 0 && (AsciiClass.IsDigit(line[p - 1]) || line[p - 1] is (byte)'.' or (byte)'+' || NumberRuns.IsGluedToWord(line, p)))
                {
                    p = DigitRunEnd(line, p);
                    continue;
                }

                if (p > 0 && AsciiClass.IsLetter(line[p - 1]))
                {
                    if (PhoneNumbers.TryMatchAfterEncodedPlus(line, p, out _, out _))
                    {
                        return IdentifierKind.Phone;
                    }

                    if (p >= 2 && Ibans.TryMatch(line, p - 2, out _))
                    {
                        return IdentifierKind.Iban;
                    }

                    p = DigitRunEnd(line, p);
                    continue;
                }

                // No phone or card has fewer than eight digits: nothing further in the run can be one.
                if (runs.DigitCount(p, runEnd) < 8)
                {
                    break;
                }

                if (PhoneNumbers.TryMatch(line, p, out _))
                {
                    return IdentifierKind.Phone;
                }

                if (b != '+' && runs.DigitCount(p, runEnd) >= Cards.MinimumDigits && Cards.TryMatch(line, p, out _))
                {
                    return IdentifierKind.Card;
                }

                // A later number of the run may be one.
                p++;
            }

            c = Math.Max(p, c + 1);
        }

        for (int plus = runs.NextPlus(0); plus >= 0; plus = runs.NextPlus(plus + 1))
        {
            if (PhoneNumbers.TryMatchParenthesized(line, plus, out _, out _))
            {
                return IdentifierKind.Phone;
            }
        }

        return IdentifierKind.None;
    }

    private static int DigitRunEnd(ReadOnlySpan<byte> line, int p)
    {
        int end = p + 1;
        while (end < line.Length && AsciiClass.IsDigit(line[end]))
        {
            end++;
        }

        return end;
    }

    /// <summary>
    /// An address spelled in a host name (<see cref="HostNameQuad"/>). One joined by a dash to a pseudonym or a marker may
    /// be what is left of a longer chain that a detector cut (<c>0170025606-12-34-56-78</c>: a phone number, then numbers),
    /// which the scrubber judged whole: it is let through.
    /// </summary>
    private static bool HasHostNameQuad(ReadOnlySpan<byte> line, in NumberRuns runs)
    {
        for (int from = 0; HostNameQuad.TryFind(line, runs, from, out int start, out int end); from = end)
        {
            bool pseudonymAfter = end + 1 < line.Length && line[end] == '-' && Pseudonymizer.StartsLikePseudonym(line[(end + 1)..]);
            bool pseudonymBefore = start >= 2 && line[start - 1] == '-' && EndsWithPseudonym(line[..(start - 1)]);
            if (!pseudonymAfter && !pseudonymBefore)
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithPseudonym(ReadOnlySpan<byte> text) =>
        text.EndsWith("]"u8) || text.EndsWith("@pseudonym.invalid"u8) || EndsWithToken(text, "user-"u8) || EndsWithToken(text, "host-"u8)
        || EndsWithToken(text, "phone-"u8) || EndsWithToken(text, "iban-"u8) || EndsWithToken(text, "cid-"u8);

    private static bool EndsWithToken(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix) =>
        text.Length >= prefix.Length + 16 && IsToken(text[^(prefix.Length + 16)..], prefix);

    /// <summary>A pseudonym of the scrubber's: its prefix and exactly 16 base32 characters.</summary>
    private static bool IsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> prefix)
    {
        if (value.Length != prefix.Length + 16 || !value.StartsWith(prefix))
        {
            return false;
        }

        foreach (byte b in value[prefix.Length..])
        {
            if (!(b is >= (byte)'a' and <= (byte)'z' or >= (byte)'2' and <= (byte)'7'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What the first raw value of a phrase's is (<see cref="NamedPhrases"/>); none when none is.</summary>
    private static IdentifierKind RawPhraseValues(ReadOnlySpan<byte> line, PhraseValue first, PhraseValue second)
    {
        var raw = RawPhraseValue(line, first);
        return raw != IdentifierKind.None ? raw : RawPhraseValue(line, second);
    }

    /// <summary>What a phrase's value is when it is raw: a password must be removed, a name pseudonymized; none when it is empty.</summary>
    private static IdentifierKind RawPhraseValue(ReadOnlySpan<byte> line, PhraseValue value) =>
        value.IsEmpty ? IdentifierKind.None : value.Kind == SensitiveKind.Password
            ? IsRemoved(line[value.Start..value.End]) ? IdentifierKind.None : IdentifierKind.Secret
            : IsUserValue(line[value.Start..value.End]) ? IdentifierKind.None : IdentifierKind.User;

    /// <summary>Nothing, or exactly a removal marker.</summary>
    private static bool IsRemoved(ReadOnlySpan<byte> value) =>
        value.IsEmpty || (value.StartsWith("[removed:"u8) && value.IndexOf((byte)']') == value.Length - 1);

    /// <summary>
    /// What a user slot may hold: nothing, '-', a marker, or a pseudonym of any type (a user name can also be an
    /// e-mail address, a phone number or an address, which the other detectors got first). The IP and e-mail
    /// checks judge those pseudonyms on their own.
    /// </summary>
    private static bool IsUserValue(ReadOnlySpan<byte> value) =>
        value.IsEmpty || (value.Length == 1 && value[0] == '-') || value.StartsWith("[removed:"u8)
        || IsToken(value, "user-"u8) || IsToken(value, "host-"u8) || IsToken(value, "phone-"u8) || IsToken(value, "iban-"u8)
        || IsToken(value, "cid-"u8) || IsEmailPseudonym(value) || value.StartsWith("2001:db8:4:"u8) || value.StartsWith("2001:db8:6:"u8);

    private static bool ClfFieldsArePseudonyms(ReadOnlySpan<byte> line)
    {
        if (!LogFormatDetector.TryKnownClfFields(line, out int host, out int ident, out int user, out int userEnd))
        {
            return true;
        }

        // IP literals and IPv6 pseudonyms in the host field are left to the address checks.
        var hostField = line[host..(ident - 1)];
        return ((hostField.Length == 1 && hostField[0] == '-') || IsToken(hostField, "host-"u8) || !AsciiClass.HasLetterInLastLabel(hostField))
            && IsUserValue(line[ident..(user - 1)]) && IsUserValue(line[user..userEnd]);
    }

    /// <summary>Phrases of sshd, PAM and sudo whose user is not a pseudonym, bearer tokens, API keys and JWTs.</summary>
    private static IdentifierKind CheckKeywords(ReadOnlySpan<byte> line)
    {
        foreach (int p in Keywords.In(line))
        {
            if (NamedPhrases.Search.StartsAt(line, p))
            {
                var phraseRaw = NamedPhrases.TryFind(line, p, out var first, out var second) ? RawPhraseValues(line, first, second) : IdentifierKind.None;
                if (phraseRaw != IdentifierKind.None)
                {
                    return phraseRaw;
                }

                continue;
            }

            bool raw = line[p] switch
            {
                (byte)'u' => PhraseUserIsRaw(line, p),
                (byte)' ' => AuthOutcomeUserIsRaw(line, p),
                (byte)'(' => SudoUserIsRaw(line, p),
                (byte)'/' or (byte)'U' => HomeDirectory.IsRoot(line, p, out int root) && HomeDirectory.TryName(line, root, out int nameStart, out int nameEnd)
                    && !IsUserValue(line[nameStart..nameEnd]),
                (byte)'B' when line[p + 1] == 'a' => (p == 0 || !AsciiClass.IsWord(line[p - 1])) && SecretShapes.BasicCredentialsEnd(line, p + 6) > 0,
                (byte)'B' or (byte)'b' => (p == 0 || !AsciiClass.IsWord(line[p - 1])) && SecretShapes.BearerTokenEnd(line, p + 7) > 0,
                (byte)'[' => OpenStackContext.TryUserField(line, p, out int userStart, out int userEnd)
                    && !IsUserValue(line[userStart..userEnd]) && !OpenStackContext.IsNone(line[userStart..userEnd]),
                _ => IsSecretToken(line, p),
            };
            if (raw)
            {
                return line[p] is (byte)'u' or (byte)' ' or (byte)'(' or (byte)'/' or (byte)'U' or (byte)'[' ? IdentifierKind.User : IdentifierKind.Secret;
            }
        }

        return IdentifierKind.None;
    }

    /// <summary><c>invalid|illegal|for|from user X</c> at the "user " at <paramref name="p"/>, or <c>for|invalid username X</c>.</summary>
    private static bool PhraseUserIsRaw(ReadOnlySpan<byte> line, int p)
    {
        int wordStart = p - 1;
        while (wordStart > 0 && AsciiClass.IsLetter(line[wordStart - 1]))
        {
            wordStart--;
        }

        if (p == 0 || line[p - 1] != ' ' || wordStart == p - 1 || (wordStart > 0 && (AsciiClass.IsWord(line[wordStart - 1]) || line[wordStart - 1] == '.')))
        {
            return false;
        }

        var word = line[wordStart..(p - 1)];
        if (word.Length is < 2 or > 14)
        {
            return false;
        }

        Span<byte> folded = stackalloc byte[14];
        for (int k = 0; k < word.Length; k++)
        {
            folded[k] = (byte)(word[k] | 0x20);
        }

        var lower = folded[..word.Length];
        bool username = line[p..].StartsWith("username "u8);
        if (username
            ? !(lower.SequenceEqual("for"u8) || lower.SequenceEqual("invalid"u8))
            : !(lower.SequenceEqual("invalid"u8) || lower.SequenceEqual("illegal"u8) || lower.SequenceEqual("for"u8) || lower.SequenceEqual("from"u8)
                || lower.SequenceEqual("of"u8) || lower.SequenceEqual("authenticating"u8)))
        {
            return false;
        }

        int start = p + (username ? 9 : 5);
        if (line[start..].StartsWith("[removed:"u8))
        {
            // A secret read there (of user 4111111111111111) was removed; the marker is in brackets.
            return false;
        }

        if (KeyNames.IsQuotedName(line, start))
        {
            int close = KeyNames.QuotedNameLength(line, start);
            return close > 0 && !IsUserValue(line.Slice(start + 1, close));
        }

        return !IsUserValue(line[start..KeyNames.NameEnd(line, start)]);
    }

    /// <summary><c>Accepted|Failed|Postponed METHOD for X from</c>, at the " from " at <paramref name="p"/>.</summary>
    private static bool AuthOutcomeUserIsRaw(ReadOnlySpan<byte> line, int p)
    {
        int nameStart = p;
        while (nameStart > 0 && line[nameStart - 1] != ' ')
        {
            nameStart--;
        }

        if (!line[..nameStart].EndsWith(" for "u8))
        {
            return false;
        }

        int methodStart = nameStart - 5;
        while (methodStart > 0 && line[methodStart - 1] != ' ')
        {
            methodStart--;
        }

        var outcome = line[..Math.Max(0, methodStart - 1)];
        return (outcome.EndsWith("Accepted"u8) || outcome.EndsWith("Failed"u8) || outcome.EndsWith("Postponed"u8)) && !IsUserValue(line[nameStart..p]);
    }

    /// <summary>sudo's <c>by X(uid=N)</c>, at the "(uid=" at <paramref name="p"/>.</summary>
    private static bool SudoUserIsRaw(ReadOnlySpan<byte> line, int p)
    {
        int start = p;
        while (start > 0 && line[start - 1] != ' ')
        {
            start--;
        }

        return line[..start].EndsWith(" by "u8) && !IsUserValue(line[start..p]);
    }

    /// <summary>An API key or a JWT whose marker starts at <paramref name="p"/>.</summary>
    private static bool IsSecretToken(ReadOnlySpan<byte> line, int p)
    {
        var (body, length) = SecretShapes.ShapeAt(line, p);
        return SecretShapes.TryMatch(line, p, line.Slice(p, length), body, out _, out _);
    }

    private static bool HasCustomerId(ReadOnlySpan<byte> line, CustomerIdPattern pattern)
    {
        var prefix = pattern.PrefixBytes;
        for (int from = 0; ;)
        {
            int hit = line[from..].IndexOf(prefix);
            if (hit < 0)
            {
                return false;
            }

            int p = from + hit;
            from = p + 1;
            int body = p + prefix.Length;
            if ((p == 0 || !AsciiClass.IsWord(line[p - 1])) && body < line.Length && pattern.IsBodyByte(line[body]))
            {
                int end = body;
                while (end < line.Length && pattern.IsBodyByte(line[end]))
                {
                    end++;
                }

                if (end == line.Length || !AsciiClass.IsWord(line[end]))
                {
                    return true;
                }
            }
        }
    }

    private static bool UserInfoIsPseudonymized(ReadOnlySpan<byte> line, int start)
    {
        int end = ContextDetector.AuthorityEnd(line, start);

        int at = line[start..end].LastIndexOf((byte)'@');
        if (at <= 0)
        {
            return true;
        }

        var info = line[start..(start + at)];
        if (IsUserValue(info))
        {
            return true;
        }

        int colon = info.IndexOf((byte)':');

        // An address before the '@' became an IPv6 pseudonym, whose colons are no password separator.
        if (colon < 0 || info.StartsWith("2001:db8:4:"u8) || info.StartsWith("2001:db8:6:"u8))
        {
            // Before a domain, the e-mail checks judge it; before anything else it must be a user pseudonym.
            return IsUserValue(info) || EmailDetector.TryMatchDomain(line, start + at, out _);
        }

        // The password is removed: as a password, or as what else it was (a card number).
        var password = info[(colon + 1)..];
        return IsUserValue(info[..colon]) && (password.IsEmpty || (password.StartsWith("[removed:"u8) && password.IndexOf((byte)']') == password.Length - 1));
    }

    private static bool IsEmailPseudonym(ReadOnlySpan<byte> value) =>
        value.EndsWith("@pseudonym.invalid"u8) && IsToken(value[..^18], "u-"u8);

    private static IdentifierKind NamedValueKind(ReadOnlySpan<byte> line, int separator, bool colon)
    {
        if (!KeyNames.TryKeyBefore(line, separator, colon, out var key))
        {
            return IdentifierKind.None;
        }

        int keyStart = key.Start;
        int keyEnd = key.End;
        bool quotedKey = key.Quoted;
        bool escaped = key.Escaped;

        var kind = KeyNames.ClassifyKeyIn(line, keyStart, keyEnd);
        if (kind == KeyKind.None)
        {
            // Windows' event XML names a field by an attribute: <Data Name="TargetUserName">alice</Data>.
            return !colon && KeyNames.TryXmlDataField(line, keyStart, keyEnd, out var fieldKind, out int textStart, out int textEnd)
                ? ValueKind(fieldKind, line[textStart..textEnd])
                : IdentifierKind.None;
        }

        int start = key.ValueStart;

        if (start >= line.Length)
        {
            return IdentifierKind.None;
        }

        if (colon && !quotedKey && kind is KeyKind.Authorization or KeyKind.Cookie)
        {
            if (line[start] == '"')
            {
                start++;
            }

            var rest = line[start..];
            int stop = rest.IndexOfAny((byte)'"', (byte)'\\');
            var header = (stop < 0 ? rest : rest[..stop]).TrimEnd((byte)' ');
            return header.IsEmpty || header.StartsWith("[removed:"u8) ? IdentifierKind.None : IdentifierKind.Secret;
        }

        ReadOnlySpan<byte> value;
        if (line[start] is (byte)'"' or (byte)'\'' or (byte)'<')
        {
            int close = line[(start + 1)..].IndexOf(line[start] == '<' ? (byte)'>' : line[start]);
            value = close < 0 ? line[(start + 1)..] : line.Slice(start + 1, close);
        }
        else if (escaped && line[start..].StartsWith("\\\""u8))
        {
            int close = line[(start + 2)..].IndexOf("\\\""u8);
            value = close < 0 ? line[(start + 2)..] : line.Slice(start + 2, close);
        }
        else if (escaped)
        {
            return IdentifierKind.None;
        }
        else
        {
            int end = start;
            while (end < line.Length && !ContextDetector.IsValueDelimiter(line[end]))
            {
                end++;
            }

            value = line[start..end];
            if (quotedKey && !(value.Length > 0 && (AsciiClass.IsDigit(value[0]) || value[0] == '-')))
            {
                return IdentifierKind.None;
            }

            if (colon && KeyNames.IsLabelOrNamedValue(value, end < line.Length ? line[end] : (byte)0))
            {
                return IdentifierKind.None;
            }
        }

        return ValueKind(kind, value);
    }

    /// <summary>What a raw value of a key of <paramref name="kind"/> is; none when it is empty, removed or a pseudonym.</summary>
    private static IdentifierKind ValueKind(KeyKind kind, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || (value.Length == 1 && value[0] == '-') || value.StartsWith("[removed:"u8))
        {
            return IdentifierKind.None;
        }

        return kind switch
        {
            KeyKind.User => IsUserValue(value) || IsEmailPseudonym(value) ? IdentifierKind.None : IdentifierKind.User,
            KeyKind.UserUnlessNumber => IsUserValue(value) || IsEmailPseudonym(value) || !KeyNames.StartsLikeAName(value) ? IdentifierKind.None : IdentifierKind.User,
            // An address there (phone: fe80::1) was judged as one: its pseudonym has digits too.
            KeyKind.Phone => IsToken(value, "phone-"u8) || value.StartsWith("2001:db8:"u8) || PhoneNumbers.DigitCount(value) < 6 ? IdentifierKind.None : IdentifierKind.Phone,
            // A value with dashes around may hold a pseudonym between them (rhost=-06-12-34-56-78- holds a phone number).
            KeyKind.Host => IsUserValue(value) || IsUserValue(value.Trim((byte)'-')) || !KeyNames.IsHostNameValue(value) ? IdentifierKind.None : IdentifierKind.User,
            _ => IdentifierKind.Secret,
        };
    }
}
