namespace Diagnostics.Pseudonymization;

/// <summary>
/// The users the shadow tools write to the authentication log when accounts change: useradd's <c>add 'alice' to group
/// 'sudo'</c> and <c>new group: name=alice</c> (the user's own group), userdel's <c>delete user 'alice'</c> and
/// <c>removed group 'alice' owned by 'alice'</c>, usermod's <c>change user 'alice' password</c>, <c>lock user 'alice'
/// password</c> and <c>change user name 'alice' to 'alicia'</c>, passwd's <c>password for 'alice' changed by 'root'</c>,
/// chage's <c>changed password expiry for alice</c>, gpasswd's <c>user alice added by root to group sudo</c>. Other
/// groups (<c>'sudo'</c>) and paths (<c>home from '/home/alice' to …</c>, read as home directories) are left alone.
/// A scrubber phrase, as the sudo and cron ones; the detector reads it at the colon after the program's pid, a
/// separator it stops at anyway.
/// </summary>
internal static class ShadowUsers
{
    private static readonly WordSet Programs = new(
        ignoreCase: false, "useradd", "userdel", "usermod", "groupadd", "groupdel", "groupmod", "gpasswd", "passwd", "chpasswd", "chage", "chfn", "chsh",
        "newusers");

    /// <summary>Adds the users of the message after <c>program[pid]:</c>, whose colon is at <paramref name="colon"/>.</summary>
    internal static void AddNames(ReadOnlySpan<byte> line, int colon, List<SensitiveMatch> matches)
    {
        int open = line[..colon].LastIndexOf((byte)'[');
        int programStart = open;
        while (programStart > 0 && AsciiClass.IsLetter(line[programStart - 1]))
        {
            programStart--;
        }

        int message = colon + 2;
        if (open < 1 || message >= line.Length || line[colon + 1] != ' ' || (programStart > 0 && line[programStart - 1] != ' ')
            || !Programs.Contains(line[programStart..open]))
        {
            return;
        }

        var text = line[message..];
        bool ownGroups = line[programStart..open].SequenceEqual("useradd"u8) || line[programStart..open].SequenceEqual("userdel"u8);
        if (ownGroups && text.StartsWith("new group: name="u8))
        {
            AddUnquoted(line, message + 16, matches);
            return;
        }

        if (text.StartsWith("changed password expiry for "u8))
        {
            AddUnquoted(line, message + 28, matches);
            return;
        }

        if (text.StartsWith("user "u8))
        {
            // gpasswd: user alice added by root to group sudo; user alice removed by root from group sudo
            int end = AddUnquoted(line, message + 5, matches);
            if (end > 0 && (line[end..].StartsWith(" added by "u8) || line[end..].StartsWith(" removed by "u8)))
            {
                AddUnquoted(line, end + (line[end + 1] == 'a' ? 10 : 12), matches);
            }

            return;
        }

        bool rename = text.StartsWith("change user name '"u8);
        for (int from = message; from < line.Length;)
        {
            int quote = line[from..].IndexOf((byte)'\'');
            if (quote < 0)
            {
                return;
            }

            quote += from;
            int close = line[(quote + 1)..].IndexOf((byte)'\'');
            if (close <= 0)
            {
                return;
            }

            close += quote + 1;
            var before = line[message..quote];
            if (before.EndsWith("user "u8) || before.EndsWith("user name "u8) || before.SequenceEqual("add "u8) || before.SequenceEqual("delete "u8)
                || before.EndsWith("password for "u8) || before.EndsWith(" by "u8) || (rename && before.EndsWith("' to "u8))
                || (ownGroups && (before.EndsWith("removed group "u8) || before.EndsWith("removed shadow group "u8))))
            {
                matches.Add(new SensitiveMatch(quote + 1, close, SensitiveKind.User));
            }

            from = close + 1;
        }
    }

    /// <summary>A name from <paramref name="start"/> to a space, a comma or the end; returns its end, 0 when empty.</summary>
    private static int AddUnquoted(ReadOnlySpan<byte> line, int start, List<SensitiveMatch> matches)
    {
        int end = KeyNames.NameEnd(line, start);
        if (end <= start)
        {
            return 0;
        }

        matches.Add(new SensitiveMatch(start, end, SensitiveKind.User));
        return end;
    }
}
