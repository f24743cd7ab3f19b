namespace Diagnostics.Pseudonymization;

/// <summary>
/// Phone numbers: E.164 (<c>+14155552671</c>, <c>+33 6 12 34 56 78</c>: '+', 8 to 15 digits, in groups of
/// at most four separated by one space, dot or dash; the country code may be followed by an area code or the trunk 0
/// in parentheses, <c>+1 (415) 555-0132</c>, <c>+33 (0)6 12 34 56 78</c>; the '+' may be URL-encoded, <c>%2B33612345678</c>), French national numbers (<c>0612345678</c>,
/// <c>06 12 34 56 78</c>, <c>06.12.34.56.78</c>) and French numbers dialled with the international prefix
/// (<c>0033612345678</c>, <c>0033 6 12 34 56 78</c>). Nothing else: timestamps, sizes, durations and ids
/// neither start with '+' nor have the ten-digit <c>0X</c> shape.
/// </summary>
internal static class PhoneNumbers
{
    /// <summary>A phone number starts at <paramref name="p"/> (the caller checked the byte before it).</summary>
    internal static bool TryMatch(ReadOnlySpan<byte> line, int p, out int end)
    {
        end = 0;
        if (line[p] == '+')
        {
            return TryMatchInternational(line, p, out end);
        }

        // A French number as dialled from France to France's code: 0033 6 12 34 56 78 is +33 6 12 34 56 78.
        if (line[p..].StartsWith("0033"u8))
        {
            return TryMatchInternational(line, p + 1, out end) && DigitCount(line[p..end]) == 13;
        }

        if (line[p] != '0' || p + 1 >= line.Length || line[p + 1] is < (byte)'1' or > (byte)'9')
        {
            return false;
        }

        int run = p;
        while (run < line.Length && AsciiClass.IsDigit(line[run]))
        {
            run++;
        }

        if (run - p == 10)
        {
            end = run;
            return IsEnd(line, run);
        }

        if (run - p != 2 || run + 1 >= line.Length || line[run] is not ((byte)' ' or (byte)'.' or (byte)'-'))
        {
            return false;
        }

        byte separator = line[run];
        int pos = run;
        for (int pair = 1; pair < 5; pair++)
        {
            if (pos + 2 >= line.Length || line[pos] != separator || !AsciiClass.IsDigit(line[pos + 1]) || !AsciiClass.IsDigit(line[pos + 2]))
            {
                return false;
            }

            pos += 3;
        }

        // 06-12-34-56-78-9… goes on, and so does 06-12-34-56-78-x: what follows the dash may have been a number
        // that another detector replaced. After a space only a sixth pair goes on (a list of numbers, 06 12 34 56 78 90);
        // another number (a status, a time, 07 98 76 54 32, a second phone number) follows a phone number that ends.
        end = pos;
        return IsEnd(line, pos) && !(pos + 1 < line.Length && line[pos] == separator
            && (separator == ' ' ? IsPair(line, pos + 1) && !(line[pos + 1] == '0' && TryMatch(line, pos + 1, out _))
                : AsciiClass.IsDigit(line[pos + 1]) || AsciiClass.IsWord(line[pos + 1])));
    }

    /// <summary>Two digits at <paramref name="p"/> that stand alone: no digit, dot, colon, dash or slash joins them to more.</summary>
    private static bool IsPair(ReadOnlySpan<byte> line, int p) =>
        p + 1 < line.Length && AsciiClass.IsDigit(line[p]) && AsciiClass.IsDigit(line[p + 1])
            && (p + 2 == line.Length || !(AsciiClass.IsDigit(line[p + 2]) || line[p + 2] is (byte)'.' or (byte)':' or (byte)'-' or (byte)'/'));

    private static bool TryMatchInternational(ReadOnlySpan<byte> line, int p, out int end)
    {
        end = 0;
        int pos = p + 1;
        if (pos >= line.Length || line[pos] is < (byte)'1' or > (byte)'9')
        {
            return false;
        }

        int digits = 0;
        int groups = 0;
        if (AfterParentheses(line, pos) is var (countryDigits, areaDigits, next))
        {
            // +1 (415) 555-0132, +33 (0)6 12 34 56 78: the country code, then an area code or the trunk 0 in parentheses.
            digits = countryDigits + areaDigits;
            groups = 1;
            pos = next;
        }

        // A space after the country code may be followed by another separator between the later groups (+1 415-555-0132);
        // then those groups have three digits or more, as a date's do not (+1 2024-01-05).
        byte first = 0;
        byte separator = 0;
        int shortestLater = int.MaxValue;
        int country = groups == 1 ? 0 : -1;
        int fullLength = FullLength(line, p + 1);
        int best = -1;
        while (true)
        {
            int group = pos;
            while (pos < line.Length && AsciiClass.IsDigit(line[pos]))
            {
                pos++;
            }

            int length = pos - group;
            digits += length;
            groups++;
            if (groups == 1)
            {
                country = length;
            }
            else
            {
                shortestLater = Math.Min(shortestLater, length);
            }

            // The number may end after this group: the longest such end is taken, so that a status, a size or a date after
            // a number in groups (+33 6 12 34 56 78 200 1234) does not leave it raw. The last group has at most four
            // digits, or, after a country code of one to three, a subscriber number of up to ten in one or two groups
            // (+44 7911 123456, +49 170 1234567, +33 612345678); dashes or dots after a space join groups of three or more.
            bool longGroup = groups > 1 && length > 4;
            bool lastGroup = !longGroup || (length <= 10 && groups <= 3 && country is >= 0 and <= 3 && digits >= 10);
            bool separators = !(first != 0 && separator != 0 && first != separator && shortestLater < 3);
            if (lastGroup && separators && digits is >= 8 and <= 15 && IsEnd(line, pos))
            {
                best = pos;
            }

            // A number written whole (+33612345678, eight digits or more after the '+') ends there, and so does one whose
            // later group is longer than four digits (+44 7911 123456) or that has all the digits of its country's numbers
            // (+33 6 12 34 56 78): what follows is another number (a status, a date, a second phone number).
            bool whole = groups == 1 && length >= 8;
            if (!whole && !longGroup && digits != fullLength && digits < 15 && pos + 1 < line.Length && line[pos] is (byte)' ' or (byte)'.' or (byte)'-'
                && AsciiClass.IsDigit(line[pos + 1])
                && (groups == 1 || (separator == 0 && (first == 0 || first == ' ' || line[pos] == first)) || line[pos] == separator))
            {
                if (groups == 1)
                {
                    first = line[pos];
                }
                else
                {
                    separator = line[pos];
                }

                pos++;
                continue;
            }

            break;
        }

        end = best;
        return best >= 0;
    }

    /// <summary>
    /// How many digits, country code included, every number of the country code at <paramref name="pos"/> has, for the
    /// plans that fix it: North America's (+1, eleven), France's (+33, eleven) and the United Kingdom's (+44, twelve for
    /// its mobile and geographic numbers); 0 for the others, whose lengths vary.
    /// </summary>
    private static int FullLength(ReadOnlySpan<byte> line, int pos)
    {
        int code = 0;
        int length = 0;
        while (pos + length < line.Length && AsciiClass.IsDigit(line[pos + length]) && length <= 3)
        {
            code = (code * 10) + (line[pos + length] - '0');
            length++;
        }

        return length > 3 ? 0 : code switch
        {
            1 => 11,
            33 => 11,
            44 => 12,
            _ => 0,
        };
    }

    /// <summary>
    /// An E.164 number whose '+' is URL-encoded (<c>?to=%2B33612345678</c>, as SMS and telephony APIs are called) and whose
    /// first digit is at <paramref name="p"/>: the match starts at the '%'. The byte before it is not a word's.
    /// </summary>
    internal static bool TryMatchAfterEncodedPlus(ReadOnlySpan<byte> line, int p, out int start, out int end)
    {
        start = p - 3;
        end = 0;
        return start >= 0 && line[start] == '%' && line[start + 1] == '2' && (line[start + 2] | 0x20) == 'b'
            && (start == 0 || !AsciiClass.IsWord(line[start - 1])) && TryMatchInternational(line, p - 1, out end);
    }

    /// <summary>
    /// Where the digits go on after a country code at <paramref name="pos"/> (one to three digits) and a group in
    /// parentheses, with or without a space before and after it: an area code (one to four digits, counted) or the
    /// trunk prefix <c>(0)</c> that is dialled only from within the country (not counted, not part of the number).
    /// Null when the number is not written so.
    /// </summary>
    private static (int CountryDigits, int AreaDigits, int Next)? AfterParentheses(ReadOnlySpan<byte> line, int pos)
    {
        int country = pos;
        while (pos < line.Length && AsciiClass.IsDigit(line[pos]))
        {
            pos++;
        }

        int countryDigits = pos - country;
        if (countryDigits > 3 || pos + 1 >= line.Length)
        {
            return null;
        }

        if (line[pos] == ')' && country >= 2 && line[country - 2] == '(')
        {
            // (+33) 6 12 34 56 78: the country code itself in parentheses.
            int after = line[pos + 1] == ' ' ? pos + 2 : pos + 1;
            return after < line.Length && AsciiClass.IsDigit(line[after]) ? (countryDigits, 0, after) : null;
        }

        int open = line[pos] == ' ' ? pos + 1 : pos;
        if (open >= line.Length || line[open] != '(')
        {
            return null;
        }

        int close = open + 1;
        while (close < line.Length && AsciiClass.IsDigit(line[close]))
        {
            close++;
        }

        int inner = close - open - 1;
        if (inner is < 1 or > 4 || close >= line.Length || line[close] != ')')
        {
            return null;
        }

        int next = close + 1 < line.Length && line[close + 1] == ' ' ? close + 2 : close + 1;
        if (next >= line.Length || !AsciiClass.IsDigit(line[next]))
        {
            return null;
        }

        return (countryDigits, IsTrunk(line, open) ? 0 : inner, next);
    }

    /// <summary>Whether <c>(0)</c> is at <paramref name="open"/>.</summary>
    private static bool IsTrunk(ReadOnlySpan<byte> line, int open) => line[open..].StartsWith("(0)"u8);

    /// <summary>
    /// A phone number written with parentheses after its country code starts at the '+' at <paramref name="p"/>, or at
    /// the '(' before it when the country code is in parentheses (<c>(+33) 6 12 34 56 78</c>): a '(' or ')' stops the runs
    /// of digits that <see cref="NumberRuns"/> marks, so both the detectors and the gate look for these at each '+' of the
    /// line instead. The byte before the '+' is not a word's; a '(' there that does not close after the country code
    /// opens a remark the number is in (<c>(+1 (415) 555-0132)</c>).
    /// </summary>
    internal static bool TryMatchParenthesized(ReadOnlySpan<byte> line, int p, out int start, out int end)
    {
        end = 0;
        start = p > 0 && line[p - 1] == '(' && IsCountryCodeInParentheses(line, p) ? p - 1 : p;
        return (p == 0 || !(AsciiClass.IsWord(line[p - 1]) || NumberRuns.IsGluedToWord(line, p)))
            && p + 1 < line.Length && AfterParentheses(line, p + 1) is not null && TryMatchInternational(line, p, out end);
    }

    /// <summary>Whether the '+' at <paramref name="p"/> opens <c>(+33)</c>, a country code in parentheses.</summary>
    private static bool IsCountryCodeInParentheses(ReadOnlySpan<byte> line, int p)
    {
        int close = p + 1;
        while (close < line.Length && AsciiClass.IsDigit(line[close]))
        {
            close++;
        }

        return close < line.Length && line[close] == ')';
    }

    /// <summary>
    /// A number goes on after a word byte, or after '.' or ':' and a word byte (<c>0612345678:8080</c>). A '[' there
    /// too: it may be a removal marker, written where a word byte was (<c>…:[removed:card]</c>).
    /// </summary>
    private static bool IsEnd(ReadOnlySpan<byte> line, int end) =>
        end == line.Length || !(AsciiClass.IsWord(line[end])
            || (line[end] is (byte)'.' or (byte)':' && end + 1 < line.Length && (AsciiClass.IsWord(line[end + 1]) || line[end + 1] == '[')));

    internal static int DigitCount(ReadOnlySpan<byte> value)
    {
        int count = 0;
        foreach (byte b in value)
        {
            if (AsciiClass.IsDigit(b))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The number as '+' and digits: a French national number gets +33; other forms keep their digits.</summary>
    internal static int ToE164(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        int written = 0;
        if (value.Length > 1 && value[0] == '(' && value[1] == '+')
        {
            // (+33) 6 12 34 56 78
            value = value[1..];
        }

        if (value.Length > 3 && value[0] == '%' && value[1] == '2' && (value[2] | 0x20) == 'b')
        {
            // %2B, a URL-encoded '+'.
            destination[written++] = (byte)'+';
            value = value[3..];
        }

        int digits = DigitCount(value);
        bool plus = written > 0 || (value.Length > 0 && value[0] == '+');
        bool french = !plus && digits == 10 && value.Length > 0 && value[0] == '0';
        bool dialled = !plus && value.StartsWith("0033"u8);
        if (written == 0 && (plus || french || dialled))
        {
            destination[written++] = (byte)'+';
        }

        if (dialled)
        {
            // The international prefix 00 is the '+'.
            value = value[2..];
        }

        if (french)
        {
            destination[written++] = (byte)'3';
            destination[written++] = (byte)'3';
        }

        bool skippedTrunk = !french;
        for (int i = 0; i < value.Length; i++)
        {
            byte b = value[i];
            if (b == '(' && IsTrunk(value, i))
            {
                // +33 (0)6 …: the trunk 0 is not dialled from abroad.
                i += 2;
                continue;
            }

            if (!AsciiClass.IsDigit(b) || written >= destination.Length)
            {
                continue;
            }

            if (!skippedTrunk)
            {
                skippedTrunk = true;
                continue;
            }

            destination[written++] = b;
        }

        return written;
    }
}
