using System.Text;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// A line's bytes widened one to one into chars (Latin-1), so that a multi-word <c>SearchValues&lt;string&gt;</c>
/// can look for all the keywords of a pass at once; positions in the chars are positions in the bytes.
/// </summary>
internal static class WidenedLine
{
    [ThreadStatic]
    private static char[]? _buffer;

    /// <summary>The widened line, in a buffer of the calling thread's that the next call overwrites.</summary>
    internal static ReadOnlySpan<char> Of(ReadOnlySpan<byte> line)
    {
        var buffer = _buffer;
        if (buffer is null || buffer.Length < line.Length)
        {
            buffer = _buffer = new char[Math.Max(line.Length, 4096)];
        }

        int length = Encoding.Latin1.GetChars(line, buffer);
        return buffer.AsSpan(0, length);
    }
}
