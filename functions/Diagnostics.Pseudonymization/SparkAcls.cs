namespace Diagnostics.Pseudonymization;

/// <summary>
/// The users Spark's security manager lists when it starts: <c>Changing view acls to: yarn,alice</c>, <c>Changing modify
/// acls to: yarn,alice</c> and <c>users with view permissions: Set(yarn, alice)</c> (also <c>users  with modify
/// permissions: …</c>). Each name becomes a user pseudonym; the groups' lists (<c>acls groups to:</c>, <c>groups with
/// view permissions: Set()</c>) are not people's and stay. A scrubber phrase, as the sudo and cron ones.
/// </summary>
internal static class SparkAcls
{
    internal const string AclsKeyword = "acls to: ";

    internal const string PermissionsKeyword = "permissions: Set(";

    /// <summary>Adds the names of the list whose keyword starts at <paramref name="p"/>.</summary>
    internal static void AddNames(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        int start;
        int end;
        if (line[p..].StartsWith("acls to: "u8))
        {
            if (!(line[..p].EndsWith("view "u8) || line[..p].EndsWith("modify "u8)))
            {
                return;
            }

            start = p + AclsKeyword.Length;
            end = start;
            while (end < line.Length && line[end] is not ((byte)' ' or (byte)';' or (byte)'\t'))
            {
                end++;
            }
        }
        else if (line[p..].StartsWith("permissions: Set("u8))
        {
            int users = line[..p].LastIndexOf("users "u8);
            if (users < 0 || !line[(users + 6)..p].TrimStart((byte)' ').StartsWith("with "u8) || line[(users + 6)..p].Contains((byte)';'))
            {
                return;
            }

            start = p + PermissionsKeyword.Length;
            int close = line[start..].IndexOf((byte)')');
            if (close < 0)
            {
                return;
            }

            end = start + close;
        }
        else
        {
            return;
        }

        // Names separated by ',' and spaces; each is one account.
        int i = start;
        while (i < end)
        {
            while (i < end && line[i] is (byte)',' or (byte)' ')
            {
                i++;
            }

            int nameEnd = i;
            while (nameEnd < end && line[nameEnd] is not ((byte)',' or (byte)' '))
            {
                nameEnd++;
            }

            if (nameEnd > i)
            {
                matches.Add(new SensitiveMatch(i, nameEnd, SensitiveKind.User));
            }

            i = nameEnd;
        }
    }
}
