namespace Diagnostics.Pseudonymization;

/// <summary>
/// A user name as the directory of a home: <c>/home/alice/public_html/index.php</c> in a PHP error, sudo's
/// <c>PWD=/home/alice</c>, useradd's <c>home=/home/bob</c>, macOS <c>/Users/alice</c>, Windows
/// <c>C:\Users\alice</c>. The path must start there (after a space, a quote, '=', ':', '(', '[', ',' or at the
/// start of the line, and not as a request's path after its method), so that a site's own <c>/www/home/index.php</c>
/// and <c>GET /home/about</c> stay as they are; the name starts with a letter, a digit or '_', runs up to the next
/// separator and holds letters, digits, '.', '_', '-', UTF-8 or an apostrophe between letters. The scrubber pseudonymizes the name; the verification
/// gate accepts only a user pseudonym there. Both follow this specification.
/// </summary>
internal static class HomeDirectory
{
    /// <summary>What the keyword search of a caller looks for: <c>/home/</c>, and <c>Users</c> of <c>/Users/</c> or <c>\Users\</c>.</summary>
    internal const string HomeKeyword = "/home/";

    /// <inheritdoc cref="HomeKeyword"/>
    internal const string UsersKeyword = "Users";

    /// <summary>Whether a keyword found at <paramref name="p"/> is a root, and where the root starts.</summary>
    internal static bool IsRoot(ReadOnlySpan<byte> line, int p, out int root)
    {
        root = line[p] == '/' ? p : p - 1;
        return line[p] == '/' || (p > 0 && p + 5 < line.Length && line[p - 1] is (byte)'/' or (byte)'\\' && line[p + 5] == line[p - 1]);
    }

    /// <summary>
    /// The name in the home directory whose root (see <see cref="IsRoot"/>) starts at <paramref name="root"/>;
    /// false when the path does not start there or no name follows.
    /// </summary>
    internal static bool TryName(ReadOnlySpan<byte> line, int root, out int start, out int end)
    {
        start = root + (line[root + 1] == 'h' ? 6 : 7);
        end = start;
        if (!IsPathStart(line, root))
        {
            return false;
        }

        // A name starts with a letter, a digit or '_': "-2001:db8::1" or "..": not one.
        if (end >= line.Length || !(AsciiClass.IsWord(line[end]) || line[end] >= 0x80))
        {
            return false;
        }

        // An apostrophe between letters is part of it (/home/o'brien); one after the name closes a quoted path. Not after
        // a pseudonym: its last letter stands for whatever the name ended with. Where the longer name cannot end (it runs
        // into an address or a marker), the name is what comes before the apostrophe, as without one.
        int apostrophe = -1;
        while (end < line.Length && (IsNameByte(line[end]) || (line[end] == '\'' && end + 1 < line.Length && AsciiClass.IsLetter(line[end + 1])
            && AsciiClass.IsLetter(line[end - 1]) && !Pseudonymizer.StartsLikePseudonym(line[start..end]))))
        {
            apostrophe = apostrophe < 0 && line[end] == '\'' ? end : apostrophe;
            end++;
        }

        if (Ends(line, start, ref end))
        {
            return true;
        }

        end = apostrophe;
        return apostrophe > 0 && Ends(line, start, ref end);
    }

    /// <summary>Whether a name from <paramref name="start"/> can end at <paramref name="end"/>, less a final dot that ends a sentence.</summary>
    private static bool Ends(ReadOnlySpan<byte> line, int start, ref int end)
    {
        // A final dot ends a sentence (… in /home/alice.), unless the path goes on.
        if (end > start + 1 && line[end - 1] == '.' && !(end < line.Length && line[end] is (byte)'/' or (byte)'\\'))
        {
            end--;
        }

        // A colon ends a name only before a space (cd: /home/alice: No such file): otherwise it may be inside an
        // address (/home/2001:db8::1), which the address rules judge.
        return end == line.Length || !(IsNameContinuation(line[end]) || (line[end] == ':' && !(end + 1 < line.Length && line[end + 1] == ' ')));
    }

    private static bool IsPathStart(ReadOnlySpan<byte> line, int root)
    {
        if (line[root] == '\\')
        {
            // C:\Users\alice: a drive letter before it.
            return root >= 2 && line[root - 1] == ':' && AsciiClass.IsLetter(line[root - 2]);
        }

        if (root > 0 && line[root - 1] == ' ')
        {
            return !FollowsRequestMethodOrPseudonym(line, root - 1);
        }

        return root == 0 || line[root - 1] is (byte)'\t' or (byte)'"' or (byte)'\'' or (byte)'=' or (byte)':' or (byte)'(' or (byte)'[' or (byte)',';
    }

    /// <summary>
    /// A request's path (<c>"GET /home/about HTTP/1.1"</c>) is a site's own page, not a home directory. After a word that
    /// starts like a pseudonym or a marker (<c>user-</c>, <c>2001:db8:</c>, <c>[removed:</c>…) it is left undecided, and
    /// so not read: the word the scrubber saw there may have been a method, which the gate cannot know.
    /// </summary>
    private static bool FollowsRequestMethodOrPseudonym(ReadOnlySpan<byte> line, int space)
    {
        int start = space;
        while (start > 0 && line[start - 1] is >= (byte)'A' and <= (byte)'Z')
        {
            start--;
        }

        if (space - start is >= 3 and <= 7 && (start == 0 || line[start - 1] is (byte)'"' or (byte)' '))
        {
            return true;
        }

        int word = space;
        while (word > 0 && line[word - 1] != ' ')
        {
            word--;
        }

        return Pseudonymizer.StartsLikePseudonym(line[word..space]);
    }

    /// <summary>A byte of a directory's user name: letters, digits, '_', '.', '-' or UTF-8.</summary>
    internal static bool IsNameByte(byte b) => AsciiClass.IsWord(b) || b is (byte)'.' or (byte)'-' || b >= 0x80;

    /// <summary>What may not follow a name: it would be part of something longer the name rules do not read.</summary>
    /// <remarks>'[' too: a removal marker may stand where the rest of the name was.</remarks>
    private static bool IsNameContinuation(byte b) => b is (byte)'@' or (byte)'%' or (byte)'+' or (byte)'~' or (byte)'*' or (byte)'$' or (byte)'[';
}
