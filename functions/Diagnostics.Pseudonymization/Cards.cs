namespace Diagnostics.Pseudonymization;

/// <summary>
/// Payment card numbers: 13 to 19 digits that pass the Luhn check and start with 2–6 (the card networks'
/// ranges; millisecond timestamps start with 1), written in one run or in groups (4, then 3 to 6 digits, or three
/// groups of 4 and one of 2, as Diners Club's fourteen digits may be) separated by one space or one dash.
/// </summary>
internal static class Cards
{
    /// <summary>The fewest digits of a card number: a number with fewer, however it is joined, is none.</summary>
    internal const int MinimumDigits = 13;

    internal static bool TryMatch(ReadOnlySpan<byte> line, int p, out int end)
    {
        end = 0;
        if (line[p] is < (byte)'2' or > (byte)'6')
        {
            return false;
        }

        Span<byte> digits = stackalloc byte[19];
        int count = 0;
        int pos = p;
        int run = 0;
        while (pos < line.Length && AsciiClass.IsDigit(line[pos]))
        {
            if (count == 19)
            {
                return false;
            }

            digits[count++] = (byte)(line[pos] - '0');
            pos++;
            run++;
        }

        if (run != 4)
        {
            if (count < MinimumDigits || !IsEnd(line, pos) || !Luhn(digits[..count]))
            {
                return false;
            }

            end = pos;
            return true;
        }

        // In groups: the longest run of groups that is a card, so that a number after it (a status, an expiry date, a
        // size) neither hides it nor joins it.
        byte separator = pos < line.Length ? line[pos] : (byte)0;
        while (separator is (byte)' ' or (byte)'-' && pos + 1 < line.Length && line[pos] == separator && AsciiClass.IsDigit(line[pos + 1]))
        {
            int next = pos + 1;
            int group = 0;
            while (next < line.Length && AsciiClass.IsDigit(line[next]) && count + group < digits.Length)
            {
                digits[count + group] = (byte)(line[next] - '0');
                next++;
                group++;
            }

            // Diners Club's fourteen digits may be written 4-4-4-2: a last group of two.
            bool lastPair = group == 2 && count == 12;
            if ((group is < 3 or > 6 && !lastPair) || (next < line.Length && AsciiClass.IsDigit(line[next])))
            {
                break;
            }

            count += group;
            pos = next;
            if (count >= MinimumDigits && IsEnd(line, pos) && Luhn(digits[..count]))
            {
                end = pos;
            }

            if (lastPair)
            {
                break;
            }
        }

        return end > 0;
    }

    internal static bool Luhn(ReadOnlySpan<byte> digits)
    {
        int sum = 0;
        bool doubled = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int d = digits[i];
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    private static bool IsEnd(ReadOnlySpan<byte> line, int end) =>
        end == line.Length || !(AsciiClass.IsWord(line[end]) || (line[end] == '.' && end + 1 < line.Length && AsciiClass.IsDigit(line[end + 1])));
}
