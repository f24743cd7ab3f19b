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
            int space = line[position..].IndexOf((byte)' ');
            if (space <= 0)
            {
                return LogFormat.Text;
            }

            position += space + 1;
        }

        return position + 1 < line.Length && line[position] == '[' && line[(position + 1)..].Contains((byte)']')
            ? LogFormat.Clf
            : LogFormat.Text;
    }
}
