namespace Diagnostics.Pseudonymization;

/// <summary>
/// IBANs: two upper-case letters, two check digits, then 11 to 30 upper-case letters or digits, compact or
/// in groups of four separated by one space, whose ISO 13616 mod-97 check gives 1
/// (<c>FR76 3000 6000 0112 3456 7890 189</c>). The check rejects 96 in 97 random candidates.
/// </summary>
internal static class Ibans
{
    private const int MinLength = 15;
    private const int MaxLength = 34;

    internal static bool TryMatch(ReadOnlySpan<byte> line, int s, out int end)
    {
        end = 0;
        if (s + 4 > line.Length || !IsUpper(line[s]) || !IsUpper(line[s + 1]) || !AsciiClass.IsDigit(line[s + 2]) || !AsciiClass.IsDigit(line[s + 3])
            || (s > 0 && AsciiClass.IsWord(line[s - 1])))
        {
            return false;
        }

        Span<byte> compact = stackalloc byte[MaxLength];
        Span<int> ends = stackalloc int[MaxLength];
        int length = 0;
        int pos = s;
        int candidates = 0;
        bool grouped = s + 4 < line.Length && line[s + 4] == ' ';
        while (pos < line.Length && length < MaxLength)
        {
            int group = 0;
            while (pos < line.Length && IsIbanByte(line[pos]) && length < MaxLength && (!grouped || group < 4))
            {
                compact[length++] = line[pos++];
                group++;
            }

            if (group == 0)
            {
                break;
            }

            ends[candidates++] = pos;
            if (!grouped || group < 4 || pos + 1 >= line.Length || line[pos] != ' ' || !IsIbanByte(line[pos + 1]))
            {
                break;
            }

            pos++;
        }

        // Compact: the run must end at a word boundary. Grouped: the longest prefix of groups that checks.
        for (int c = candidates - 1; c >= 0; c--)
        {
            int candidateEnd = ends[c];
            int chars = CountChars(line[s..candidateEnd]);
            if (chars < MinLength)
            {
                break;
            }

            if (candidateEnd < line.Length && AsciiClass.IsWord(line[candidateEnd]))
            {
                if (!grouped)
                {
                    return false;
                }

                continue;
            }

            if (Mod97(compact[..chars]) == 1)
            {
                end = candidateEnd;
                return true;
            }

            if (!grouped)
            {
                return false;
            }
        }

        return false;
    }

    private static int CountChars(ReadOnlySpan<byte> text)
    {
        int n = 0;
        foreach (byte b in text)
        {
            if (b != ' ')
            {
                n++;
            }
        }

        return n;
    }

    internal static int Mod97(ReadOnlySpan<byte> iban)
    {
        int remainder = 0;
        for (int i = 0; i < iban.Length; i++)
        {
            byte b = iban[(i + 4) % iban.Length];
            if (AsciiClass.IsDigit(b))
            {
                remainder = ((remainder * 10) + (b - '0')) % 97;
            }
            else
            {
                remainder = ((remainder * 100) + (b - 'A' + 10)) % 97;
            }
        }

        return remainder;
    }

    private static bool IsUpper(byte b) => b is >= (byte)'A' and <= (byte)'Z';

    private static bool IsIbanByte(byte b) => IsUpper(b) || AsciiClass.IsDigit(b);
}
