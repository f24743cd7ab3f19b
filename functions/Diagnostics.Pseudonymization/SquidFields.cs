namespace Diagnostics.Pseudonymization;

/// <summary>
/// The user field of squid's native access log: <c>time elapsed client CODE/status bytes METHOD URL user HIERARCHY/peer type</c>
/// (<c>1286536309.586    921 192.168.0.68 TCP_MISS/200 507 CONNECT www.example.com:443 alice HIER_DIRECT/93.184.216.34 -</c>).
/// A line is one by its shape: a time with milliseconds, a number, a client, a result code and status, a number, a
/// method in capitals, then after the URL and the user a hierarchy code with a '/'. The scrubber pseudonymizes the user
/// unless it is '-'; the verification gate accepts only a pseudonym there. Both follow this specification.
/// </summary>
internal static class SquidFields
{
    /// <summary>Where the user field of a squid line is.</summary>
    internal static bool TryUserField(ReadOnlySpan<byte> line, out int start, out int end)
    {
        start = 0;
        end = 0;
        if (line.IsEmpty || !AsciiClass.IsDigit(line[0]))
        {
            return false;
        }

        int p = Digits(line, 0);
        if (p >= line.Length || line[p] != '.' || Digits(line, p + 1) != p + 4)
        {
            return false;
        }

        p = Spaces(line, p + 4);
        int elapsed = Digits(line, p);
        if (elapsed == p || elapsed >= line.Length || line[elapsed] != ' ')
        {
            return false;
        }

        int client = Field(line, elapsed + 1);
        int code = Capitals(line, client + 1);
        if (client >= line.Length || code == client + 1 || code + 4 > line.Length || line[code] != '/' || Digits(line, code + 1) != code + 4)
        {
            return false;
        }

        int bytes = Digits(line, code + 5);
        int method = Capitals(line, bytes + 1);
        if (bytes == code + 5 || bytes >= line.Length || line[bytes] != ' ' || method == bytes + 1 || method >= line.Length || line[method] != ' ')
        {
            return false;
        }

        int url = Field(line, method + 1);
        if (url >= line.Length)
        {
            return false;
        }

        int user = Field(line, url + 1);
        int hierarchy = Capitals(line, user + 1);
        if (user >= line.Length || user == url + 1 || hierarchy == user + 1 || hierarchy >= line.Length || line[hierarchy] != '/')
        {
            return false;
        }

        start = url + 1;
        end = user;
        return !(end == start + 1 && line[start] == '-');
    }

    private static int Digits(ReadOnlySpan<byte> line, int p)
    {
        while (p < line.Length && AsciiClass.IsDigit(line[p]))
        {
            p++;
        }

        return p;
    }

    private static int Spaces(ReadOnlySpan<byte> line, int p)
    {
        while (p < line.Length && line[p] == ' ')
        {
            p++;
        }

        return p;
    }

    private static int Capitals(ReadOnlySpan<byte> line, int p)
    {
        while (p < line.Length && line[p] is >= (byte)'A' and <= (byte)'Z' or (byte)'_')
        {
            p++;
        }

        return p;
    }

    /// <summary>The end of a field of anything but spaces.</summary>
    private static int Field(ReadOnlySpan<byte> line, int p)
    {
        int space = p < line.Length ? line[p..].IndexOf((byte)' ') : -1;
        return space < 0 ? line.Length : p + space;
    }
}
