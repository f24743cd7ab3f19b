namespace Diagnostics.Pseudonymization;

internal static class LogFormatDetector
{
    /// <summary>A JSON object line, a common/combined log line (<c>host ident user [time] "request" ...</c>), or text.</summary>
    internal static LogFormat Detect(ReadOnlySpan<byte> line)
    {
        var trimmed = line.Trim(" \t\r"u8);
        if (trimmed.Length >= 2 && trimmed[0] == '{' && trimmed[^1] == '}')
        {
            return LogFormat.JsonLines;
        }

        int position = 0;
        for (int field = 0; field < 3; field++)
        {
            int space = AsciiClass.FieldLength(line, position);
            if (space <= 0)
            {
                return LogFormat.Text;
            }

            position += space + 1;
        }

        return position + 1 < line.Length && line[position] == '[' && StartsWithTime(line[(position + 1)..]) && line[(position + 1)..].Contains((byte)']')
            ? LogFormat.Clf
            : LogFormat.Text;
    }

    /// <summary>
    /// The common log's time, <c>10/Oct/2000:13:55:36 -0700</c>, or an ISO date (<c>2000-10-10T13:55:36Z</c>, as nginx's
    /// <c>$time_iso8601</c>): <c>2015-10-18 18:01:47,978 INFO [main]</c> has three fields and a bracket too.
    /// </summary>
    private static bool StartsWithTime(ReadOnlySpan<byte> text) =>
        (text.Length >= 12 && AsciiClass.IsDigit(text[0]) && AsciiClass.IsDigit(text[1]) && text[2] == '/' && AsciiClass.IsLetter(text[3])
            && AsciiClass.IsLetter(text[4]) && AsciiClass.IsLetter(text[5]) && text[6] == '/' && AsciiClass.IsDigit(text[7]) && AsciiClass.IsDigit(text[10])
            && text[11] == ':')
        || (text.Length >= 10 && AsciiClass.IsDigit(text[0]) && AsciiClass.IsDigit(text[3]) && text[4] == '-' && AsciiClass.IsDigit(text[5])
            && text[7] == '-' && AsciiClass.IsDigit(text[8]));
}
