namespace Diagnostics.Pseudonymization;

/// <summary>
/// Where Hadoop writes a user outside a named value (the audit log's <c>ugi=alice</c> is one, <see cref="KeyNames"/>):
/// the user's home in HDFS, <c>hdfs://namenode:9000/user/alice/…</c> and the audit log's <c>src=/user/alice/…</c>
/// (also <c>dst=</c>); YARN's staging directory, <c>…/hadoop-yarn/staging/alice/.staging/job_…</c>, in an HDFS URL or
/// not; and UserGroupInformation's <c>as:alice (auth:SIMPLE)</c>. Elsewhere <c>/user/…</c> is a site's own page
/// (<c>GET /user/login</c>) and stays. A scrubber phrase, as the sudo and cron ones; the detector calls it at the
/// separators it stops at anyway, and at the keyword.
/// </summary>
internal static class HadoopUsers
{
    /// <summary>YARN's default staging directory, as written without a scheme (<c>remote FS is /tmp/hadoop-yarn/staging/…</c>).</summary>
    internal const string StagingKeyword = "hadoop-yarn/staging/";

    /// <summary>The user after the staging keyword at <paramref name="p"/>.</summary>
    internal static void AddStagingUser(ReadOnlySpan<byte> line, int p, List<SensitiveMatch> matches)
    {
        int start = p + StagingKeyword.Length;
        int end = NameEnd(line, start);
        if (line[end..].StartsWith("/.staging"u8))
        {
            Add(line, start, end, matches);
        }
    }

    /// <summary>An HDFS URL whose "://" is at <paramref name="colon"/>: the user of a home (<c>/user/alice</c>) or of a staging directory.</summary>
    internal static void AddUrlUser(ReadOnlySpan<byte> line, int colon, List<SensitiveMatch> matches)
    {
        if (!line[..colon].EndsWith("hdfs"u8))
        {
            return;
        }

        int path = colon + 3;
        while (path < line.Length && line[path] is not ((byte)'/' or (byte)' ' or (byte)'"' or (byte)'\''))
        {
            path++;
        }

        if (line[path..].StartsWith("/user/"u8))
        {
            Add(line, path + 6, NameEnd(line, path + 6), matches);
        }
    }

    /// <summary>The audit log's <c>src=/user/alice</c> or <c>dst=…</c>, its '=' at <paramref name="equals"/>.</summary>
    internal static void AddPathUser(ReadOnlySpan<byte> line, int equals, List<SensitiveMatch> matches)
    {
        if (line[(equals + 1)..].StartsWith("/user/"u8) && (line[..equals].EndsWith("src"u8) || line[..equals].EndsWith("dst"u8)))
        {
            Add(line, equals + 7, NameEnd(line, equals + 7), matches);
        }
    }

    /// <summary>UserGroupInformation's <c>as:alice (auth:SIMPLE)</c>, the colon after <c>auth</c> at <paramref name="colon"/>.</summary>
    internal static void AddAuthUser(ReadOnlySpan<byte> line, int colon, List<SensitiveMatch> matches)
    {
        if (colon < 7 || !line[..colon].EndsWith(" (auth"u8))
        {
            return;
        }

        int end = colon - 6;
        int start = end;
        while (start > 0 && HomeDirectory.IsNameByte(line[start - 1]))
        {
            start--;
        }

        if (start >= 4 && line[(start - 4)..start].SequenceEqual(" as:"u8))
        {
            Add(line, start, end, matches);
        }
    }

    private static int NameEnd(ReadOnlySpan<byte> line, int start)
    {
        int end = start;
        while (end < line.Length && HomeDirectory.IsNameByte(line[end]))
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
}
