namespace Diagnostics.Pseudonymization;

/// <summary>
/// The users Spark's security manager lists when it starts: <c>Changing view acls to: yarn,alice</c>, <c>Changing modify
/// acls to: yarn,alice</c> and <c>users with view permissions: Set(yarn, alice)</c> (also <c>users  with modify
/// permissions: …</c>). Each name becomes a user pseudonym; the groups' lists (<c>acls groups to:</c>, <c>groups with
/// view permissions: Set()</c>) are not people's and stay. A scrubber phrase, as the sudo and cron ones.
/// </summary>
internal static class SparkAcls
{
    /// <summary>Where the lists can be: the security manager's lines (<c>spark.SecurityManager: Changing view acls…</c>).</summary>
    internal const string Keyword = "SecurityManager: ";

    /// <summary>Adds the names of every list in the line, from the keyword at <paramref name="p"/> on.</summary>
    internal static void AddNames(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        for (int i = p; i < line.Length;)
        {
            int acls = line[i..].IndexOf("acls to: "u8);
            int permissions = line[i..].IndexOf("permissions: Set("u8);
            if (acls < 0 && permissions < 0)
            {
                return;
            }

            int at = i + (acls >= 0 && (permissions < 0 || acls < permissions) ? acls : permissions);
            i = AddList(line, at, matches);
        }
    }

    /// <summary>Adds the names of the list whose phrase starts at <paramref name="p"/>; returns where to go on.</summary>
    private static int AddList(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        int start;
        int end;
        if (line[p] == 'a')
        {
            start = p + 9;
            end = start;
            while (end < line.Length && line[end] is not ((byte)' ' or (byte)';' or (byte)'\t'))
            {
                end++;
            }

            if (!(line[..p].EndsWith("view "u8) || line[..p].EndsWith("modify "u8)))
            {
                return end;
            }
        }
        else
        {
            start = p + 17;
            int close = line[start..].IndexOf((byte)')');
            end = close < 0 ? line.Length : start + close;
            int users = line[..p].LastIndexOf("users "u8);
            if (close < 0 || users < 0 || !line[(users + 6)..p].TrimStart((byte)' ').StartsWith("with "u8) || line[(users + 6)..p].Contains((byte)';'))
            {
                return end;
            }
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

        return end;
    }
}
