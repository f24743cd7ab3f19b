using System.Buffers;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// The verification gate's checks for the context detectors. Where a context says "here is a user name,
/// a secret, a header value", it accepts only an allow-list of what the scrubber writes: a typed
/// pseudonym (<c>user-</c>, <c>host-</c>, <c>phone-</c>, <c>u-</c> + 16 base32), a <c>[removed:…]</c>
/// marker, '-' or nothing. Cards, phone numbers, IBANs, API keys, JWTs and customer ids are recognised
/// by shape anywhere in the line: none may remain. It walks the line on its own anchors; the shape
/// checks (Luhn, mod-97, token prefixes) and the list of sensitive names are the specification both
/// sides share.
/// </summary>
internal static class ContextGate
{
    private static readonly SearchValues<byte> Anchors = SearchValues.Create("=:+0123456789"u8);

    internal static IdentifierKind Check(ReadOnlySpan<byte> line, LogFormat format, IReadOnlyList<CustomerIdPattern> customerIds)
    {
        if (format == LogFormat.Clf && !ClfFieldsArePseudonyms(line))
        {
            return IdentifierKind.User;
        }

        if (HasRawPhraseUser(line))
        {
            return IdentifierKind.User;
        }

        if (HasRawToken(line))
        {
            return IdentifierKind.Secret;
        }

        foreach (var pattern in customerIds)
        {
            if (HasCustomerId(line, pattern))
            {
                return IdentifierKind.CustomerId;
            }
        }

        int i = 0;
        while (i < line.Length)
        {
            int hit = line[i..].IndexOfAny(Anchors);
            if (hit < 0)
            {
                break;
            }

            int p = i + hit;
            i = p + 1;
            byte b = line[p];
            if (b == '=' || b == ':')
            {
                if (b == ':' && p + 2 < line.Length && line[p + 1] == '/' && line[p + 2] == '/')
                {
                    if (!UserInfoIsPseudonymized(line, p + 3))
                    {
                        return IdentifierKind.User;
                    }
                }
                else if (p > 0 && AsciiClass.IsLetter(line[p - 1]) || (p > 0 && line[p - 1] is (byte)'"' or (byte)' '))
                {
                    var kind = NamedValueKind(line, p, b == ':');
                    if (kind != IdentifierKind.None)
                    {
                        return kind;
                    }
                }

                continue;
            }

            if (p > 0 && (AsciiClass.IsDigit(line[p - 1]) || line[p - 1] is (byte)'.' or (byte)'+'))
            {
                i = DigitRunEnd(line, p);
                continue;
            }

            if (p > 0 && AsciiClass.IsLetter(line[p - 1]))
            {
                if (p >= 2 && Ibans.TryMatch(line, p - 2, out _))
                {
                    return IdentifierKind.Iban;
                }

                i = DigitRunEnd(line, p);
                continue;
            }

            // No phone or card has fewer than eight digits; the gate counts them its own way.
            int digits = 0;
            int end = p;
            while (end < line.Length && (AsciiClass.IsDigit(line[end]) || line[end] is (byte)' ' or (byte)'.' or (byte)'-' or (byte)'+'))
            {
                digits += AsciiClass.IsDigit(line[end]) ? 1 : 0;
                end++;
            }

            if (digits < 8)
            {
                i = end;
                continue;
            }

            if (PhoneNumbers.TryMatch(line, p, out _))
            {
                return IdentifierKind.Phone;
            }

            if (b != '+' && Cards.TryMatch(line, p, out _))
            {
                return IdentifierKind.Card;
            }
        }

        return IdentifierKind.None;
    }

    private static int DigitRunEnd(ReadOnlySpan<byte> line, int p)
    {
        int hit = line[(p + 1)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        return hit < 0 ? line.Length : p + 1 + hit;
    }

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

    private static bool IsUserValue(ReadOnlySpan<byte> value) =>
        value.IsEmpty || (value.Length == 1 && value[0] == '-') || IsToken(value, "user-"u8) || value.StartsWith("[removed:"u8);

    private static bool ClfFieldsArePseudonyms(ReadOnlySpan<byte> line)
    {
        int position = 0;
        for (int field = 0; field < 3; field++)
        {
            int space = line[position..].IndexOf((byte)' ');
            if (space <= 0)
            {
                return true;
            }

            var value = line.Slice(position, space);
            bool accepted = field == 0
                ? (value.Length == 1 && value[0] == '-') || IsToken(value, "host-"u8) || !HasLetterInLastLabel(value)
                : IsUserValue(value);
            if (!accepted)
            {
                return false;
            }

            position += space + 1;
        }

        return true;
    }

    /// <summary>IP literals and IPv6 pseudonyms (no letter after the last dot, or a colon) are left to the address checks.</summary>
    private static bool HasLetterInLastLabel(ReadOnlySpan<byte> value)
    {
        if (value.Contains((byte)':'))
        {
            return false;
        }

        int dot = value.LastIndexOf((byte)'.');
        foreach (byte b in dot < 0 ? value : value[(dot + 1)..])
        {
            if (b >= 0x80 || AsciiClass.IsLetter(b))
            {
                return true;
            }
        }

        return false;
    }

    private static int TokenEnd(ReadOnlySpan<byte> line, int start)
    {
        int end = start;
        while (end < line.Length && line[end] is not ((byte)' ' or (byte)'\t' or (byte)'"' or (byte)'\'' or (byte)'(' or (byte)'[' or (byte)';' or (byte)',' or (byte)'\\'))
        {
            end++;
        }

        return end;
    }

    private static bool HasRawPhraseUser(ReadOnlySpan<byte> line)
    {
        Span<byte> lower = stackalloc byte[7];
        for (int from = 0; ;)
        {
            int hit = line[from..].IndexOf("user "u8);
            if (hit < 0)
            {
                break;
            }

            int p = from + hit;
            from = p + 5;
            int wordStart = p - 1;
            while (wordStart > 0 && AsciiClass.IsLetter(line[wordStart - 1]))
            {
                wordStart--;
            }

            if (p == 0 || line[p - 1] != ' ' || wordStart == p - 1)
            {
                continue;
            }

            var word = line[wordStart..(p - 1)];
            if (word.Length is < 3 or > 7)
            {
                continue;
            }

            for (int k = 0; k < word.Length; k++)
            {
                lower[k] = (byte)(word[k] | 0x20);
            }

            var folded = lower[..word.Length];
            if ((folded.SequenceEqual("invalid"u8) || folded.SequenceEqual("illegal"u8) || folded.SequenceEqual("for"u8) || folded.SequenceEqual("from"u8))
                && !IsUserValue(line[(p + 5)..TokenEnd(line, p + 5)]))
            {
                return true;
            }
        }

        for (int from = 0; ;)
        {
            int hit = line[from..].IndexOf(" from "u8);
            if (hit < 0)
            {
                break;
            }

            int p = from + hit;
            from = p + 6;
            int nameStart = p;
            while (nameStart > 0 && line[nameStart - 1] != ' ')
            {
                nameStart--;
            }

            var before = line[..nameStart];
            if (!before.EndsWith(" for "u8))
            {
                continue;
            }

            int method = nameStart - 5;
            int methodStart = method;
            while (methodStart > 0 && line[methodStart - 1] != ' ')
            {
                methodStart--;
            }

            var outcome = line[..Math.Max(0, methodStart - 1)];
            if ((outcome.EndsWith("Accepted"u8) || outcome.EndsWith("Failed"u8) || outcome.EndsWith("Postponed"u8)) && !IsUserValue(line[nameStart..p]))
            {
                return true;
            }
        }

        for (int from = 0; ;)
        {
            int hit = line[from..].IndexOf("(uid="u8);
            if (hit < 0)
            {
                return false;
            }

            int p = from + hit;
            from = p + 5;
            int start = p;
            while (start > 0 && line[start - 1] != ' ')
            {
                start--;
            }

            if (line[..start].EndsWith(" by "u8) && !IsUserValue(line[start..p]))
            {
                return true;
            }
        }
    }

    private static bool HasRawToken(ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> aws = "AKIA"u8;
        if (HasShape(line, aws, SecretShapes.Body.AwsKeyBody) || HasShape(line, "ASIA"u8, SecretShapes.Body.AwsKeyBody)
            || HasShape(line, "xox"u8, SecretShapes.Body.SlackBody) || HasShape(line, "eyJ"u8, SecretShapes.Body.JwtBody))
        {
            return true;
        }

        if (line.Contains((byte)'_')
            && (HasShape(line, "ghp_"u8, SecretShapes.Body.GitHubBody) || HasShape(line, "gho_"u8, SecretShapes.Body.GitHubBody)
                || HasShape(line, "ghu_"u8, SecretShapes.Body.GitHubBody) || HasShape(line, "ghs_"u8, SecretShapes.Body.GitHubBody)
                || HasShape(line, "ghr_"u8, SecretShapes.Body.GitHubBody) || HasShape(line, "github_pat_"u8, SecretShapes.Body.GitHubBody)
                || HasShape(line, "_live_"u8, SecretShapes.Body.StripeBody) || HasShape(line, "_test_"u8, SecretShapes.Body.StripeBody)))
        {
            return true;
        }

        for (int from = 0; ;)
        {
            int hit = line[from..].IndexOf("earer "u8);
            if (hit < 0)
            {
                return false;
            }

            int p = from + hit;
            from = p + 6;
            if (p > 0 && (line[p - 1] | 0x20) == 'b' && (p == 1 || !AsciiClass.IsWord(line[p - 2])) && SecretShapes.BearerTokenEnd(line, p + 6) > 0)
            {
                return true;
            }
        }
    }

    private static bool HasShape(ReadOnlySpan<byte> line, ReadOnlySpan<byte> marker, SecretShapes.Body body)
    {
        for (int from = 0; ;)
        {
            int hit = line[from..].IndexOf(marker);
            if (hit < 0)
            {
                return false;
            }

            int p = from + hit;
            from = p + 1;
            if (SecretShapes.TryMatch(line, p, marker, body, out _, out _))
            {
                return true;
            }
        }
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
        int end = start;
        while (end < line.Length && !ContextDetector.IsAuthorityEnd(line[end]))
        {
            end++;
        }

        int at = line[start..end].LastIndexOf((byte)'@');
        if (at <= 0)
        {
            return true;
        }

        var info = line[start..(start + at)];
        int colon = info.IndexOf((byte)':');

        // An address before the '@' became an IPv6 pseudonym, whose colons are no password separator.
        if (colon < 0 || info.StartsWith("2001:db8:4:"u8) || info.StartsWith("2001:db8:6:"u8))
        {
            // Before a domain, the e-mail checks judge it; before anything else it must be a user pseudonym.
            return IsUserValue(info) || EmailDetector.TryMatchDomain(line, start + at, out _);
        }

        return IsUserValue(info[..colon]) && (colon + 1 == info.Length || info[(colon + 1)..].SequenceEqual("[removed:password]"u8));
    }

    private static bool IsEmailPseudonym(ReadOnlySpan<byte> value) =>
        value.EndsWith("@pseudonym.invalid"u8) && IsToken(value[..^18], "u-"u8);

    private static IdentifierKind NamedValueKind(ReadOnlySpan<byte> line, int separator, bool colon)
    {
        int keyEnd = separator;
        while (colon && keyEnd > 0 && line[keyEnd - 1] == ' ')
        {
            keyEnd--;
        }

        bool quotedKey = keyEnd > 0 && line[keyEnd - 1] == '"';
        if (quotedKey)
        {
            keyEnd--;
        }

        int keyStart = keyEnd;
        while (keyStart > 0 && (AsciiClass.IsWord(line[keyStart - 1]) || line[keyStart - 1] is (byte)'-' or (byte)'.'))
        {
            keyStart--;
        }

        if (keyStart == keyEnd || (quotedKey && (keyStart == 0 || line[keyStart - 1] != '"')))
        {
            return IdentifierKind.None;
        }

        var kind = KeyNames.Classify(line[keyStart..keyEnd]);
        if (kind == KeyKind.None)
        {
            return IdentifierKind.None;
        }

        int start = separator + 1;
        while (start < line.Length && line[start] == ' ')
        {
            start++;
        }

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
        if (line[start] is (byte)'"' or (byte)'\'')
        {
            int close = line[(start + 1)..].IndexOf(line[start]);
            value = close < 0 ? line[(start + 1)..] : line.Slice(start + 1, close);
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
        }

        if (value.IsEmpty || (value.Length == 1 && value[0] == '-') || value.StartsWith("[removed:"u8))
        {
            return IdentifierKind.None;
        }

        return kind switch
        {
            KeyKind.User => IsUserValue(value) || IsEmailPseudonym(value) ? IdentifierKind.None : IdentifierKind.User,
            KeyKind.Phone => IsToken(value, "phone-"u8) || PhoneNumbers.DigitCount(value) < 6 ? IdentifierKind.None : IdentifierKind.Phone,
            _ => IdentifierKind.Secret,
        };
    }
}
