using System.Buffers;
using System.Text.Unicode;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// Streams a log through the detectors and the verification gate. Memory is bounded by
/// <see cref="ScrubOptions.MaxLineBytes"/>, never by the size of the input.
/// </summary>
/// <remarks>
/// In this version every format goes through the same content detectors, over the whole line; their
/// context rules are what keeps the version numbers of a combined log's user agent from being taken
/// for addresses. The format is detected from the first line and reported.
/// </remarks>
public static class LogScrubber
{
    private const int ReadChunkBytes = 256 * 1024;
    private const int MinOutputBytes = 1024 * 1024;

    /// <summary>
    /// Streams <paramref name="input"/> line by line into <paramref name="output"/>, pseudonymized, then checks
    /// each output line with the verification gate. Stops at the first blocked line without writing it.
    /// Every byte that is not an identifier is written as it came, line endings included.
    /// </summary>
    /// <exception cref="InputRejectedException">A line is longer than <see cref="ScrubOptions.MaxLineBytes"/> or not UTF-8.
    /// Part of the output may have been written; it must be discarded, as after a blocked line.</exception>
    public static async Task<ScrubResult> ScrubAsync(Stream input, Stream output, Pseudonymizer pseudonymizer, ScrubOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLineBytes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxLineBytes, ScrubOptions.MaxLineBytesLimit, nameof(options));

        using var session = new ScrubSession(pseudonymizer, options);
        bool endOfInput = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var status = session.Process(endOfInput);
            if (status == ScrubStatus.NeedsFlush || (status != ScrubStatus.NeedsInput && session.PendingOutput.Length > 0))
            {
                await output.WriteAsync(session.PendingOutput, cancellationToken).ConfigureAwait(false);
                session.OutputFlushed();
            }

            if (status is ScrubStatus.Done or ScrubStatus.Blocked)
            {
                break;
            }

            if (status == ScrubStatus.NeedsInput)
            {
                int read = await input.ReadAsync(session.FreeInput, cancellationToken).ConfigureAwait(false);
                session.InputRead(read);
                endOfInput = read == 0;
            }
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return session.Result();
    }

    private enum ScrubStatus
    {
        NeedsInput,
        NeedsFlush,
        Blocked,
        Done,
    }

    /// <summary>The buffers and counters of one run; all the per-line work is synchronous, over spans.</summary>
    private sealed class ScrubSession : IDisposable
    {
        private readonly Pseudonymizer _pseudonymizer;
        private readonly ScrubOptions _options;
        private byte[] _input;
        private byte[] _output;
        private byte[]? _scratch;
        private readonly ScratchProvider _scratchProvider;
        private int _inputStart;
        private int _inputEnd;
        private int _outputLength;
        private long _lines;
        private long _bytesIn;
        private long _bytesOut;
        private long _blockedLine;
        private IdentifierKind _blockedKind;
        private LogFormat _format;
        private DetectorCounts _counts;

        internal ScrubSession(Pseudonymizer pseudonymizer, ScrubOptions options)
        {
            _pseudonymizer = pseudonymizer;
            _options = options;
            _format = options.Format;

            // Room for the longest line with its "\r\n", and for reading beside it.
            _input = ArrayPool<byte>.Shared.Rent(options.MaxLineBytes + 2 + ReadChunkBytes);
            _output = ArrayPool<byte>.Shared.Rent(MinOutputBytes);
            _scratchProvider = Scratch;
        }

        internal Memory<byte> FreeInput => _input.AsMemory(_inputEnd);

        internal ReadOnlyMemory<byte> PendingOutput => _output.AsMemory(0, _outputLength);

        internal void InputRead(int count) => _inputEnd += count;

        internal void OutputFlushed()
        {
            _bytesOut += _outputLength;
            _outputLength = 0;
        }

        internal ScrubStatus Process(bool endOfInput)
        {
            while (true)
            {
                var pending = _input.AsSpan(_inputStart, _inputEnd - _inputStart);
                int newline = pending.IndexOf((byte)'\n');
                int contentLength;
                int lineLength;
                if (newline >= 0)
                {
                    lineLength = newline + 1;
                    contentLength = newline > 0 && pending[newline - 1] == '\r' ? newline - 1 : newline;
                }
                else if (endOfInput && pending.Length > 0)
                {
                    lineLength = pending.Length;
                    contentLength = pending.Length;
                }
                else if (endOfInput)
                {
                    return ScrubStatus.Done;
                }
                else
                {
                    // A "\r" at the end may still be followed by its "\n".
                    if (pending.Length - (pending.Length > 0 && pending[^1] == '\r' ? 1 : 0) > _options.MaxLineBytes)
                    {
                        throw TooLong();
                    }

                    if (_inputStart > 0)
                    {
                        pending.CopyTo(_input);
                        _inputEnd = pending.Length;
                        _inputStart = 0;
                    }

                    return ScrubStatus.NeedsInput;
                }

                if (contentLength > _options.MaxLineBytes)
                {
                    throw TooLong();
                }

                var content = pending[..contentLength];
                int needed = (contentLength * IdentifierScanner.MaxExpansion) + (lineLength - contentLength);
                if (_output.Length - _outputLength < needed)
                {
                    if (_outputLength > 0)
                    {
                        return ScrubStatus.NeedsFlush;
                    }

                    ArrayPool<byte>.Shared.Return(_output);
                    _output = ArrayPool<byte>.Shared.Rent(needed);
                }

                if (!Utf8.IsValid(content))
                {
                    throw new InputRejectedException(InputRejection.InvalidEncoding, $"Line {_lines + 1} is not valid UTF-8.");
                }

                if (_lines == 0 && _format == LogFormat.Auto)
                {
                    _format = LogFormatDetector.Detect(content);
                }

                _lines++;
                _bytesIn += lineLength;
                var destination = _output.AsSpan(_outputLength);
                int written = IdentifierScanner.Scrub(content, destination, _pseudonymizer, ref _counts, _scratchProvider);
                var found = VerificationGate.Check(destination[..written]);
                if (found != IdentifierKind.None)
                {
                    _blockedLine = _lines;
                    _blockedKind = found;
                    return ScrubStatus.Blocked;
                }

                pending[contentLength..lineLength].CopyTo(destination[written..]);
                _outputLength += written + lineLength - contentLength;
                _inputStart += lineLength;
            }
        }

        internal ScrubResult Result() => new()
        {
            Lines = _lines,
            BytesIn = _bytesIn,
            BytesOut = _bytesOut,
            Report = _counts.ToReport(),
            BlockedLines = _blockedLine > 0 ? 1 : 0,
            FirstBlockedLine = _blockedLine,
            BlockedKind = _blockedKind,
            Format = _format,
        };

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_input);
            ArrayPool<byte>.Shared.Return(_output);
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }
        }

        private Span<byte> Scratch(int length)
        {
            if (_scratch is null || _scratch.Length < length)
            {
                if (_scratch is not null)
                {
                    ArrayPool<byte>.Shared.Return(_scratch);
                }

                _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(length, 64 * 1024));
            }

            return _scratch;
        }

        private InputRejectedException TooLong() =>
            new(InputRejection.LineTooLong, $"Line {_lines + 1} is longer than {_options.MaxLineBytes} bytes.");
    }
}
