namespace Diagnostics.Pseudonymization;

/// <summary>
/// A Windows account written <c>DOMAIN\name</c> (IIS's <c>cs-username</c>, event logs): a domain of 2 to 15 capitals,
/// digits or '-' starting with a capital, where a word starts (not inside a path: <c>C:\WINDOWS\system32</c>), then
/// the name (letters, digits, '.', '_', '-', '$'), not followed by another '\' (<c>DATA\reports\x.csv</c> is a
/// path), by '@' (<c>CORP\alice@example.com</c> is left to the e-mail rules) or by ':' other than before a space. In JSON the backslash is
/// escaped (<c>CORP\\alice</c>). The scrubber pseudonymizes the name; the verification gate accepts only a
/// pseudonym there. Both follow this specification.
/// </summary>
internal static class WindowsAccount
{
    /// <summary>The name of the first account at or after <paramref name="from"/>.</summary>
    internal static bool TryFind(ReadOnlySpan<byte> line, in LineBits bits, int from, out int start, out int end)
    {
        for (int i = from; i < line.Length;)
        {
            int slash = bits.NextBackslash(i);
            if (slash < 0)
            {
                break;
            }

            start = slash + 1 < line.Length && line[slash + 1] == '\\' ? slash + 2 : slash + 1;
            i = start;
            if (!HasDomainBefore(line, slash))
            {
                continue;
            }

            end = start;
            while (end < line.Length && (AsciiClass.IsWord(line[end]) || line[end] is (byte)'.' or (byte)'-' or (byte)'$'))
            {
                end++;
            }

            // A final dot ends a sentence.
            if (end > start + 1 && line[end - 1] == '.')
            {
                end--;
            }

            if (end > start && AsciiClass.IsWord(line[start]) && (end == line.Length || !IsContinuation(line, end)))
            {
                return true;
            }
        }

        start = 0;
        end = 0;
        return false;
    }

    /// <summary>
    /// What may not follow a name: '\' (a path), '@' (an e-mail address), '[' (a removal marker where the rest was),
    /// ':' other than before a space (an address: <c>CORP\2001:db8::1</c> on the gate's side).
    /// </summary>
    private static bool IsContinuation(ReadOnlySpan<byte> line, int end) =>
        line[end] is (byte)'\\' or (byte)'@' or (byte)'[' || (line[end] == ':' && !(end + 1 < line.Length && line[end + 1] == ' '));

    private static bool HasDomainBefore(ReadOnlySpan<byte> line, int slash)
    {
        int domain = slash;
        while (domain > 0 && line[domain - 1] is >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-')
        {
            domain--;
        }

        return slash - domain is >= 2 and <= 15 && line[domain] is >= (byte)'A' and <= (byte)'Z'
            && (domain == 0 || line[domain - 1] is (byte)' ' or (byte)'\t' or (byte)'"' or (byte)'\'' or (byte)'=' or (byte)'(' or (byte)'[' or (byte)',');
    }
}
