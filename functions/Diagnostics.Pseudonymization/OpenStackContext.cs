namespace Diagnostics.Pseudonymization;

/// <summary>
/// The request context OpenStack services (oslo.log) write after the level and the logger:
/// <c>[req-3d4c0c9d-6f0b-44cf-9c7e-3f0a3b1b3ed5 113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -]</c>:
/// the request id, then the user, the project, the domain, the user's domain and the project's domain ('-' or
/// <c>None</c> when there is none). The user is a person's account: the scrubber pseudonymizes it, and the verification
/// gate accepts only a pseudonym, '-' or <c>None</c> there. The project is the account the request is for, as the
/// request's path also shows (<c>/v2/54fadb…/servers</c>), and stays like the path. Both follow this specification.
/// </summary>
internal static class OpenStackContext
{
    internal const string Keyword = "[req-";

    private const int UuidLength = 36;

    /// <summary>The user field of the context that starts at the '[' at <paramref name="p"/>.</summary>
    internal static bool TryUserField(ReadOnlySpan<byte> line, int p, out int start, out int end)
    {
        start = p + Keyword.Length + UuidLength + 1;
        end = start;
        if (start >= line.Length || !line[p..].StartsWith("[req-"u8) || !IsUuid(line.Slice(p + Keyword.Length, UuidLength)) || line[start - 1] != ' ')
        {
            return false;
        }

        while (end < line.Length && line[end] is not ((byte)' ' or (byte)']'))
        {
            end++;
        }

        // The project follows the user: a context with a user alone is not this one.
        return end > start && end < line.Length && line[end] == ' ';
    }

    /// <summary>What holds no account: '-' or <c>None</c>.</summary>
    internal static bool IsNone(ReadOnlySpan<byte> value) => value.SequenceEqual("-"u8) || value.SequenceEqual("None"u8);

    private static bool IsUuid(ReadOnlySpan<byte> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            bool dash = i is 8 or 13 or 18 or 23;
            if (dash ? text[i] != '-' : !AsciiClass.IsHex(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
