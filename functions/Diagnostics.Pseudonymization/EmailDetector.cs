namespace Diagnostics.Pseudonymization;

/// <summary>
/// E-mail addresses in the practical form <c>local@label.label.tld</c>: a local part of letters, digits,
/// <c>._%+-</c> and UTF-8, at least two domain labels, and an alphabetic top-level label of two letters or more.
/// </summary>
internal static class EmailDetector
{
    /// <summary>
    /// Reads the address around the '@' at <paramref name="at"/>; the local part reaches back no further
    /// than <paramref name="floor"/> (the end of the previous pseudonym).
    /// </summary>
    internal static bool TryMatch(ReadOnlySpan<byte> line, int at, int floor, out int start, out int end)
    {
        start = at;
        while (start > floor && AsciiClass.IsEmailLocal(line[start - 1]))
        {
            start--;
        }

        end = 0;
        return start < at && TryMatchDomain(line, at, out end);
    }

    /// <summary>Reads the domain after the '@' at <paramref name="at"/>.</summary>
    internal static bool TryMatchDomain(ReadOnlySpan<byte> line, int at, out int end)
    {
        end = 0;
        int pos = at + 1;
        int labels = 0;
        int lastLabel = pos;
        while (true)
        {
            int label = pos;
            while (pos < line.Length && AsciiClass.IsDomainLabel(line[pos]))
            {
                pos++;
            }

            if (pos == label)
            {
                return false;
            }

            labels++;
            lastLabel = label;
            if (pos + 1 < line.Length && line[pos] == '.' && AsciiClass.IsDomainLabel(line[pos + 1]))
            {
                pos++;
                continue;
            }

            break;
        }

        if (labels < 2 || pos - lastLabel < 2)
        {
            return false;
        }

        for (int i = lastLabel; i < pos; i++)
        {
            if (!AsciiClass.IsTopLevelDomain(line[i]))
            {
                return false;
            }
        }

        end = pos;
        return true;
    }
}
