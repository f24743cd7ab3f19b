namespace Diagnostics.Pseudonymization;

/// <summary>
/// Where Hadoop writes a user outside a named value (the audit log's <c>ugi=alice</c> is one, <see cref="KeyNames"/>):
/// the user's home in HDFS, <c>hdfs://namenode:9000/user/alice/…</c> and the audit log's <c>src=/user/alice/…</c>
/// (also <c>dst=</c>); YARN's staging directory, <c>…/staging/alice/.staging/job_…</c>; and UserGroupInformation's
/// <c>as:alice (auth:SIMPLE)</c>. Elsewhere <c>/user/…</c> is a site's own page (<c>GET /user/login</c>) and stays. A
/// scrubber phrase, as the sudo and cron ones.
/// </summary>
internal static class HadoopUsers
{
    internal const string HomeKeyword = "/user/";

    internal const string StagingKeyword = "/.staging";

    internal const string AuthKeyword = " (auth:";

    /// <summary>Adds the user of the phrase whose keyword starts at <paramref name="p"/>.</summary>
    internal static void AddName(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        if (line[p..].StartsWith("/user/"u8))
        {
            if (IsHdfsPathStart(line, p))
            {
                Add(line, p + 6, NameEnd(line, p + 6), matches);
            }
        }
        else if (line[p..].StartsWith("/.staging"u8))
        {
            int start = line[..p].LastIndexOf((byte)'/') + 1;
            if (start > 0 && line[..(start - 1)].EndsWith("/staging"u8))
            {
                Add(line, start, p, matches);
            }
        }
        else if (line[p..].StartsWith(" (auth:"u8))
        {
            int start = p;
            while (start > 0 && IsNameByte(line[start - 1]))
            {
                start--;
            }

            if (start >= 4 && line[(start - 4)..start].SequenceEqual(" as:"u8))
            {
                Add(line, start, p, matches);
            }
        }
    }

    /// <summary>A path that starts at <paramref name="p"/> after an HDFS authority (<c>hdfs://host:port</c>) or after <c>src=</c>/<c>dst=</c>.</summary>
    private static bool IsHdfsPathStart(ReadOnlySpan<byte> line, int p)
    {
        var before = line[..p];
        if (before.EndsWith("src="u8) || before.EndsWith("dst="u8))
        {
            return true;
        }

        int scheme = before.LastIndexOf("hdfs://"u8);
        return scheme >= 0 && !before[(scheme + 7)..].ContainsAny((byte)'/', (byte)' ');
    }

    private static int NameEnd(ReadOnlySpan<byte> line, int start)
    {
        int end = start;
        while (end < line.Length && IsNameByte(line[end]))
        {
            end++;
        }

        return end;
    }

    private static void Add(ReadOnlySpan<byte> line, int start, int end, List<SensitiveMatch> matches)
    {
        // A name starts with a letter, a digit or '_' ("." or ".." is a directory).
        if (end > start && (AsciiClass.IsWord(line[start]) || line[start] >= 0x80))
        {
            matches.Add(new SensitiveMatch(start, end, SensitiveKind.User));
        }
    }

    private static bool IsNameByte(byte b) => AsciiClass.IsWord(b) || b is (byte)'.' or (byte)'-' || b >= 0x80;
}
