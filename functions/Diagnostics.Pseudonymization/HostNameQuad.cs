namespace Diagnostics.Pseudonymization;

/// <summary>
/// An IPv4 address spelled inside a host name, as providers and clouds name their clients' addresses. With dashes
/// (<c>191-210-223-172.user.vivozap.com.br</c>, <c>ip-10-0-1-5.ec2.internal</c>, <c>static.88-198-55-12.clients.your-server.de</c>,
/// a syslog host <c>calvisitor-10-105-160-95</c>): exactly four numbers of one to three digits, each at most 255, joined by
/// single dashes, neither glued to a word byte (<c>x1-2-3-4</c>, <c>1-2-3-4a</c>) nor part of a longer chain of dashed
/// numbers (a phone number <c>06-12-34-56-78</c>), nor right after a colon or dashed onto an IPv6 literal; a chain whose
/// first number is glued to a label's letters (<c>ec2-203-0-113-5.compute-1.amazonaws.com</c>) is read from its second. With dots, when
/// the address is glued to the letters of a label and more labels follow (<c>host129.206.196.21.conversent.net</c>):
/// a dotted quad after a non-word byte is the IPv4 detector's, and <c>v1.2.3.4</c> alone is a version. A UUID never
/// holds one: its groups are four characters or more. The scrubber pseudonymizes the host name around it; the
/// verification gate blocks any left. Both follow this specification.
/// </summary>
internal static class HostNameQuad
{
    /// <summary>
    /// The first quad of a host name at or after <paramref name="from"/>: where it starts and ends. Only where
    /// <paramref name="runs"/> marks a dash between two digits or a digit after a letter can one be.
    /// </summary>
    internal static bool TryFind(ReadOnlySpan<byte> line, in NumberRuns runs, int from, out int start, out int end)
    {
        for (int hint = runs.NextQuadHint(from); hint >= 0; hint = runs.NextQuadHint(Math.Max(end, hint + 1)))
        {
            if (line[hint] == '-')
            {
                // The whole chain of numbers joined by single dashes that holds this one.
                start = hint - 1;
                while (start > 0 && (AsciiClass.IsDigit(line[start - 1]) || (line[start - 1] == '-' && start >= 2 && AsciiClass.IsDigit(line[start - 2]))))
                {
                    start--;
                }

                end = ChainEnd(line, hint + 1, (byte)'-');

                // A chain glued to a label's letters (ec2-203-0-113-5): its first number is the label's.
                if (start > 0 && AsciiClass.IsLetter(line[start - 1]))
                {
                    start += line[start..end].IndexOf((byte)'-') + 1;
                }

                if (IsQuad(line[start..end], (byte)'-') && IsDashedInHostName(line, start, end))
                {
                    return true;
                }
            }
            else
            {
                // A letter before it: a dotted chain glued to a label starts here.
                start = hint;
                end = ChainEnd(line, hint, (byte)'.');
                if (IsQuad(line[start..end], (byte)'.') && IsGluedInHostName(line, start, end))
                {
                    return true;
                }

                end = hint + 1;
            }
        }

        start = 0;
        end = 0;
        return false;
    }

    /// <summary>Where a chain of digits joined by single <paramref name="joiner"/>s that goes on at <paramref name="position"/> ends.</summary>
    private static int ChainEnd(ReadOnlySpan<byte> line, int position, byte joiner)
    {
        int end = position;
        while (end < line.Length && (AsciiClass.IsDigit(line[end]) || (line[end] == joiner && end + 1 < line.Length && AsciiClass.IsDigit(line[end + 1]))))
        {
            end++;
        }

        return end;
    }

    private static bool IsDashedInHostName(ReadOnlySpan<byte> line, int start, int end) =>
        (start == 0 || !AsciiClass.IsWord(line[start - 1])) && (end == line.Length || !AsciiClass.IsWord(line[end])) && !FollowsIpv6Group(line, start);

    /// <summary><c>host129.206.196.21.conversent.net</c>: letters before the quad, then a dot and a letter.</summary>
    private static bool IsGluedInHostName(ReadOnlySpan<byte> line, int start, int end) =>
        start > 0 && AsciiClass.IsLetter(line[start - 1]) && end + 1 < line.Length && line[end] == '.' && AsciiClass.IsLetter(line[end + 1]);

    /// <summary>
    /// <c>fe80::a-1-2-3-4</c>, <c>fe80::10-0-0-1</c>: numbers dashed onto an IPv6 literal belong to it, not to a host
    /// name. The literal's pseudonym ends in a hex group too, so both sides read the same numbers after it. After any
    /// colon the numbers may be the end of a literal: what is before the colon can be a pseudonym on one side and
    /// the text it replaced on the other, so neither side looks at it.
    /// </summary>
    private static bool FollowsIpv6Group(ReadOnlySpan<byte> line, int start)
    {
        if (start >= 1 && line[start - 1] == ':')
        {
            return true;
        }

        if (start < 2 || line[start - 1] != '-')
        {
            return false;
        }

        int group = start - 1;
        while (group > 0 && start - 1 - group < 4 && AsciiClass.IsHex(line[group - 1]))
        {
            group--;
        }

        return group < start - 1 && group > 0 && line[group - 1] == ':';
    }

    private static bool IsQuad(ReadOnlySpan<byte> chain, byte joiner)
    {
        int groups = 0;
        int value = 0;
        int digits = 0;
        foreach (byte b in chain)
        {
            if (b == joiner)
            {
                groups++;
                value = 0;
                digits = 0;
                continue;
            }

            value = (value * 10) + (b - '0');
            if (++digits > 3 || value > 255)
            {
                return false;
            }
        }

        return groups == 3;
    }
}
