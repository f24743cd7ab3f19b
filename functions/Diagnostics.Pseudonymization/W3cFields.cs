namespace Diagnostics.Pseudonymization;

/// <summary>
/// The W3C extended log format (IIS's default, and other servers configured for it): a <c>#Fields:</c> directive names the
/// fields of the lines after it (<c>#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip …</c>),
/// each line's values separated by one space. The user field (<c>cs-username</c>) holds the authenticated user, with or
/// without a Windows domain (<c>CONTOSO\ines</c>, <c>ines</c>): the scrubber pseudonymizes the name (after the domain) unless
/// it is '-', and the verification gate accepts only a pseudonym there. A directive's layout holds until the next one;
/// lines before any directive, and lines starting with '#', have none. Both follow this specification.
/// </summary>
internal static class W3cFields
{
    /// <summary>No user field: no directive yet, or one that names no <c>cs-username</c>.</summary>
    internal const int None = -1;

    private static ReadOnlySpan<byte> Directive => "#Fields:"u8;

    /// <summary>Whether <paramref name="line"/> is a <c>#Fields:</c> directive, and where it puts the user field.</summary>
    internal static bool TryDirective(ReadOnlySpan<byte> line, out int userField)
    {
        userField = None;
        if (!line.StartsWith(Directive))
        {
            return false;
        }

        int index = 0;
        foreach (var range in line[Directive.Length..].Split((byte)' '))
        {
            var name = line[Directive.Length..][range].TrimEnd((byte)'\r');
            if (name.IsEmpty)
            {
                continue;
            }

            if (name.SequenceEqual("cs-username"u8))
            {
                userField = index;
            }

            index++;
        }

        return true;
    }

    /// <summary>The layout after the lines of <paramref name="block"/>: its last directive's, or <paramref name="layout"/>.</summary>
    internal static int After(ReadOnlySpan<byte> block, int layout)
    {
        // The last directive at a line's start, found by its '#': rare in a log, where a search for "\n#Fields:" would
        // stop at every line's end.
        int start = block.LastIndexOf((byte)'#');
        while (start >= 0 && !(block[start..].StartsWith(Directive) && (start == 0 || block[start - 1] == '\n')))
        {
            start = block[..start].LastIndexOf((byte)'#');
        }

        if (start < 0)
        {
            return layout;
        }

        var rest = block[start..];
        int newline = rest.IndexOf((byte)'\n');
        TryDirective(newline < 0 ? rest : rest[..newline], out int userField);
        return userField;
    }

    /// <summary>The name in the user field of a line under a layout with one (after a domain's '\', if any).</summary>
    internal static bool TryUserName(ReadOnlySpan<byte> line, int userField, out int start, out int end)
    {
        start = 0;
        end = 0;
        if (userField < 0 || line.IsEmpty || line[0] == '#')
        {
            return false;
        }

        int field = 0;
        int fieldStart = 0;
        for (int i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] != ' ')
            {
                continue;
            }

            if (field == userField)
            {
                int domain = line[fieldStart..i].LastIndexOf((byte)'\\');
                start = domain < 0 ? fieldStart : fieldStart + domain + 1;
                end = i;
                return end > start;
            }

            field++;
            fieldStart = i + 1;
        }

        return false;
    }
}
