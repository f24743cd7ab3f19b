using System.Buffers;
using System.Runtime.CompilerServices;

namespace Diagnostics.Core.Operations;

/// <summary>Reads a stream line by line (line ending included) with one pooled buffer.</summary>
internal static class LineReader
{
    /// <summary>
    /// The lines of <paramref name="input"/>. Each line is valid only until the next one is asked for, since
    /// they share one buffer; breaking out of the loop stops reading.
    /// </summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadLinesAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    if (filled > 0)
                    {
                        yield return buffer.AsMemory(0, filled);
                    }

                    yield break;
                }

                var start = 0;
                var end = filled + read;
                int newline;
                while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
                {
                    yield return buffer.AsMemory(start, newline + 1);
                    start += newline + 1;
                }

                buffer.AsSpan(start, end - start).CopyTo(buffer);
                filled = end - start;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
