using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Unicode;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// Streams a log through the detectors and the verification gate. The input is cut into blocks of whole
/// lines that are scrubbed and checked in parallel and written in order; memory is bounded by
/// <see cref="ScrubOptions.MaxLineBytes"/> and <see cref="ScrubOptions.Parallelism"/>, never by the input.
/// </summary>
/// <remarks>
/// In this version every format goes through the same content detectors, over the whole line; their
/// context rules are what keeps the version numbers of a combined log's user agent from being taken
/// for addresses. The format is detected from the first line and reported.
/// </remarks>
public static class LogScrubber
{
    private const int MinBlockBytes = 256 * 1024;
    private const int MaxAutomaticParallelism = 4;

    /// <summary>
    /// Streams <paramref name="input"/> line by line into <paramref name="output"/>, pseudonymized, then checks
    /// each output line with the verification gate. Stops at the first blocked line without writing it:
    /// the output then holds exactly the lines before it, and must be discarded.
    /// Every byte that is not an identifier is written as it came, line endings included.
    /// </summary>
    /// <exception cref="InputRejectedException">A line is longer than <see cref="ScrubOptions.MaxLineBytes"/> or not UTF-8.
    /// Part of the output may have been written; it must be discarded.</exception>
    public static async Task<ScrubResult> ScrubAsync(Stream input, Stream output, Pseudonymizer pseudonymizer, ScrubOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLineBytes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxLineBytes, ScrubOptions.MaxLineBytesLimit, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Parallelism, nameof(options));

        int parallelism = options.Parallelism > 0 ? options.Parallelism : Math.Clamp(Environment.ProcessorCount, 1, MaxAutomaticParallelism);

        // A block always has room for a whole line of the longest length and its "\r\n". With several workers, twice as
        // many blocks as workers: a worker that finishes finds the next block read and waiting, whatever the others do.
        int blockBytes = Math.Max(MinBlockBytes, 2 * (options.MaxLineBytes + 2));
        BlockScrubber? first = null;
        var blocks = new Block[parallelism == 1 ? 1 : 2 * parallelism];
        var inFlight = new Queue<Block>(blocks.Length);
        var totals = new Totals { Format = options.Format };
        Workers? workers = null;
        try
        {
            first = new BlockScrubber(pseudonymizer, options);
            int carried = 0;
            int w3cUserField = W3cFields.None;
            long linesRead = 0;
            long tooLongLine = 0;
            bool blocked = false;
            Block? previous = null;
            for (int index = 0; ; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Blocks are made as the input needs them: a short input takes one.
                var block = blocks[index % blocks.Length] ??= new Block(blockBytes);
                if (inFlight.Count == blocks.Length && !await WriteOldestAsync(inFlight, output, totals, options.MaxLineBytes, cancellationToken).ConfigureAwait(false))
                {
                    blocked = true;
                    break;
                }

                // The tail after the last newline of the previous block starts this one.
                previous?.Input.AsSpan(previous.InputLength - carried, carried).CopyTo(block.Input);
                int filled = carried;
                bool endOfInput = false;
                while (filled < block.Input.Length)
                {
                    int read = await input.ReadAsync(block.Input.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        endOfInput = true;
                        break;
                    }

                    filled += read;
                }

                int length = filled;
                if (!endOfInput)
                {
                    length = block.Input.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                    if (length == 0)
                    {
                        // A full block without a newline: the line cannot fit. The blocks before it go first.
                        tooLongLine = linesRead + 1;
                        break;
                    }
                }

                if (index == 0 && options.Format == LogFormat.Auto && length > 0)
                {
                    int end = block.Input.AsSpan(0, length).IndexOf((byte)'\n');
                    totals.Format = LogFormatDetector.Detect(block.Input.AsSpan(0, end < 0 ? length : end));
                }

                block.InputLength = filled;
                if (length > 0)
                {
                    long firstLine = linesRead + 1;
                    linesRead += block.Input.AsSpan(0, length).Count((byte)'\n');

                    // A W3C directive holds for the blocks after its own.
                    int layout = w3cUserField;
                    w3cUserField = W3cFields.After(block.Input.AsSpan(0, length), w3cUserField);
                    block.Start(length, firstLine, layout);
                    inFlight.Enqueue(block);
                    // An input of one block is scrubbed here; the workers start with a second one.
                    if (workers is null && (parallelism == 1 || (index == 0 && endOfInput)))
                    {
                        block.Finish(first);
                    }
                    else
                    {
                        workers ??= new Workers(first, parallelism, pseudonymizer.Key, options);
                        workers.Post(block);
                    }
                }

                carried = filled - length;
                previous = block;
                if (endOfInput)
                {
                    break;
                }
            }

            while (!blocked && inFlight.Count > 0)
            {
                blocked = !await WriteOldestAsync(inFlight, output, totals, options.MaxLineBytes, cancellationToken).ConfigureAwait(false);
            }

            if (!blocked && tooLongLine > 0)
            {
                throw new InputRejectedException(InputRejection.LineTooLong, $"Line {tooLongLine} is longer than {options.MaxLineBytes} bytes.");
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return totals.ToResult();
        }
        finally
        {
            // Blocks still being scrubbed after a stop or a failure write into buffers about to go back to the pool: let
            // them finish first, and the workers stop. Their results, and their failures, no longer matter.
            workers?.Complete();
            foreach (var block in inFlight)
            {
                await block.Done.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }

            workers?.Join();
            foreach (var block in blocks)
            {
                block?.Dispose();
            }

            first?.Dispose();
        }
    }

    /// <summary>Writes the oldest block; false when scrubbing must stop (a blocked line).</summary>
    private static async Task<bool> WriteOldestAsync(Queue<Block> inFlight, Stream output, Totals totals, int maxLineBytes, CancellationToken cancellationToken)
    {
        var block = inFlight.Peek();
        var result = await block.Done.ConfigureAwait(false);
        inFlight.Dequeue();
        if (result.Rejection is { } rejection)
        {
            throw new InputRejectedException(rejection, rejection == InputRejection.LineTooLong
                ? $"Line {result.RejectedLine} is longer than {maxLineBytes} bytes."
                : $"Line {result.RejectedLine} is not valid UTF-8.");
        }

        if (result.OutputLength > 0)
        {
            await output.WriteAsync(block.Output.AsMemory(0, result.OutputLength), cancellationToken).ConfigureAwait(false);
        }

        totals.Add(result);
        return result.BlockedLine == 0;
    }

    private readonly record struct BlockResult(
        int OutputLength, long Lines, long BytesIn, DetectorCounts Counts, long BlockedLine, IdentifierKind BlockedKind,
        InputRejection? Rejection, long RejectedLine);

    private sealed class Totals
    {
        private long _lines;
        private long _bytesIn;
        private long _bytesOut;
        private long _blockedLine;
        private IdentifierKind _blockedKind;
        private DetectorCounts _counts;

        public LogFormat Format { get; set; }

        public void Add(in BlockResult result)
        {
            _lines += result.Lines;
            _bytesIn += result.BytesIn;
            _bytesOut += result.OutputLength;
            _counts.Add(result.Counts);
            if (result.BlockedLine > 0)
            {
                _blockedLine = result.BlockedLine;
                _blockedKind = result.BlockedKind;
            }
        }

        public ScrubResult ToResult() => new()
        {
            Lines = _lines,
            BytesIn = _bytesIn,
            BytesOut = _bytesOut,
            Report = _counts.ToReport(),
            BlockedLines = _blockedLine > 0 ? 1 : 0,
            FirstBlockedLine = _blockedLine,
            BlockedKind = _blockedKind,
            Format = Format,
        };
    }

    /// <summary>
    /// One block of the input, read whole lines and the start of the next, with the buffer its scrubbed lines go to; scrubbed
    /// by whichever worker takes it, written once done and every block before it is.
    /// </summary>
    private sealed class Block(int blockBytes) : IDisposable
    {
        public byte[] Input { get; } = ArrayPool<byte>.Shared.Rent(blockBytes);

        /// <summary>Bytes read into <see cref="Input"/>: the block, then the start of the next one.</summary>
        public int InputLength { get; set; }

        public byte[] Output { get; private set; } = ArrayPool<byte>.Shared.Rent(blockBytes + (blockBytes / 4));

        /// <summary>The length of the block's whole lines.</summary>
        public int Length { get; private set; }

        public long FirstLine { get; private set; }

        /// <summary>The W3C layout in force at the block's start.</summary>
        public int Layout { get; private set; }

        public Task<BlockResult> Done => _done.Task;

        private TaskCompletionSource<BlockResult> _done = new();

        public void Start(int length, long firstLine, int layout)
        {
            Length = length;
            FirstLine = firstLine;
            Layout = layout;

            // The reader goes on with its own work when a worker finishes a block, not on the worker's thread.
            _done = new TaskCompletionSource<BlockResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        /// <summary>Scrubs the block with <paramref name="scrubber"/>; its result, or its failure, completes <see cref="Done"/>.</summary>
        public void Finish(BlockScrubber scrubber)
        {
            try
            {
                _done.SetResult(scrubber.Scrub(this));
            }
            catch (Exception e)
            {
                _done.SetException(e);
            }
        }

        public void EnsureOutput(int used, int needed)
        {
            if (Output.Length - used >= needed)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(Output.Length * 2, used + needed));
            Output.AsSpan(0, used).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(Output);
            Output = larger;
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(Input);
            ArrayPool<byte>.Shared.Return(Output);
        }
    }

    /// <summary>
    /// One thread per scrubber, each taking the next block posted; a thread of their own rather than the pool's, so that
    /// the pool's threads are left to the reader and writer and never outnumber the processors with scrubbing.
    /// </summary>
    private sealed class Workers
    {
        private readonly BlockingCollection<Block> _queue = new(new ConcurrentQueue<Block>());
        private readonly Thread[] _threads;
        private readonly BlockScrubber[] _own;

        /// <summary><paramref name="count"/> workers: one with <paramref name="first"/>, the others with scrubbers of their own.</summary>
        public Workers(BlockScrubber first, int count, TicketKey key, ScrubOptions options)
        {
            _own = new BlockScrubber[count - 1];
            _threads = new Thread[count];
            for (int i = 0; i < count; i++)
            {
                var scrubber = i == 0 ? first : _own[i - 1] = new BlockScrubber(new Pseudonymizer(key), options, owned: true);
                _threads[i] = new Thread(() => Run(scrubber)) { IsBackground = true, Name = "Scrub worker" };
                _threads[i].Start();
            }
        }

        public void Post(Block block) => _queue.Add(block);

        /// <summary>No more blocks: each worker stops once the queue is empty.</summary>
        public void Complete() => _queue.CompleteAdding();

        public void Join()
        {
            foreach (var thread in _threads)
            {
                thread.Join();
            }

            _queue.Dispose();
            foreach (var scrubber in _own)
            {
                scrubber?.Dispose();
            }
        }

        private void Run(BlockScrubber scrubber)
        {
            foreach (var block in _queue.GetConsumingEnumerable())
            {
                block.Finish(scrubber);
            }
        }
    }

    /// <summary>Scrubs and gates one block of whole lines at a time, with scratch buffers and pseudonym caches of its own.</summary>
    private sealed class BlockScrubber : IDisposable
    {
        private readonly Pseudonymizer _pseudonymizer;
        private readonly bool _ownsPseudonymizer;
        private readonly LineScrubOverride? _detectorsOverride;
        private readonly LogFormat _format;
        private readonly IReadOnlyList<CustomerIdPattern> _customerIds;
        private readonly List<SensitiveMatch> _matches = new(16);
        private readonly int _maxLineBytes;
        private byte[]? _scratch;
        private byte[]? _contextScratch;

        /// <summary>A scrubber that uses <paramref name="pseudonymizer"/>, and disposes it when <paramref name="owned"/>.</summary>
        public BlockScrubber(Pseudonymizer pseudonymizer, ScrubOptions options, bool owned = false)
        {
            // Pseudonymizers are not thread-safe; one of the same key gives the same pseudonyms.
            _ownsPseudonymizer = owned;
            _pseudonymizer = pseudonymizer;
            _maxLineBytes = options.MaxLineBytes;
            _detectorsOverride = options.DetectorsOverride;
            _format = options.Format;
            _customerIds = options.CustomerIds;
        }

        public BlockResult Scrub(Block block)
        {
            var input = block.Input;
            int length = block.Length;
            long firstLine = block.FirstLine;
            int w3cUserField = block.Layout;
            var counts = default(DetectorCounts);
            int written = 0;
            long lines = 0;
            int position = 0;

            // Valid UTF-8 cut at ASCII bytes stays valid: when the whole block is, so is each of its lines. Only a
            // block that is not needs a look line by line, to name the line.
            bool valid = Utf8.IsValid(input.AsSpan(0, length));
            while (position < length)
            {
                var rest = input.AsSpan(position, length - position);
                int newline = rest.IndexOf((byte)'\n');
                int lineLength = newline < 0 ? rest.Length : newline + 1;
                int contentLength = newline < 0 ? rest.Length : newline > 0 && rest[newline - 1] == '\r' ? newline - 1 : newline;
                long lineNumber = firstLine + lines;
                var content = rest[..contentLength];
                if (contentLength > _maxLineBytes)
                {
                    return new BlockResult(written, lines, position, counts, 0, IdentifierKind.None, InputRejection.LineTooLong, lineNumber);
                }

                if (!valid && !Utf8.IsValid(content))
                {
                    return new BlockResult(written, lines, position, counts, 0, IdentifierKind.None, InputRejection.InvalidEncoding, lineNumber);
                }

                if (contentLength > 0 && content[0] == '#' && W3cFields.TryDirective(content, out int userField))
                {
                    w3cUserField = userField;
                }

                // Only the common log's fields depend on the format; named values are found in every format. A JSON
                // line may carry a common log's (Docker's json-file logs: {"log":"203.0.113.7 - alice [time] …"}).
                var format = _format is LogFormat.Auto or LogFormat.Clf && LogFormatDetector.ClfFieldsStart(content) >= 0 ? LogFormat.Clf : LogFormat.Text;
                int scrubbed;
                Span<byte> destination;
                if (_detectorsOverride is null)
                {
                    // The line's bits serve the context detectors and, when neither they nor the e-mail pass changed
                    // the line (most lines), the address pass.
                    ReadOnlySpan<byte> text = content;
                    var bits = LineBits.Of(content, LineBits.Reader.Addresses);
                    ContextDetector.Find(content, bits, format, _customerIds, _matches, w3cUserField);
                    bool changed = false;
                    if (_matches.Count > 0)
                    {
                        var buffer = ContextScratch((content.Length * ContextDetector.MaxReplacementBytes) + 64);
                        text = buffer[..ContextDetector.Apply(content, _matches, buffer, _pseudonymizer, ref counts)];
                        changed = true;
                    }

                    // An '@', or a '%' or '\' that may encode one (%40, \u0040).
                    if (changed ? text.ContainsAny((byte)'@', (byte)'%', (byte)'\\') : bits.NextAt(0) >= 0)
                    {
                        var buffer = Scratch(text.Length * IdentifierScanner.MaxEmailExpansion);
                        long emails = counts.Email;
                        text = buffer[..IdentifierScanner.ReplaceEmails(text, buffer, _pseudonymizer, ref counts)];
                        changed |= counts.Email != emails;
                    }

                    block.EnsureOutput(written, (text.Length * IdentifierScanner.MaxExpansion) + lineLength - contentLength);
                    destination = block.Output.AsSpan(written);
                    scrubbed = IdentifierScanner.ReplaceAddresses(
                        text, changed ? LineBits.Of(text, LineBits.Reader.Addresses) : bits, destination, _pseudonymizer, ref counts);
                }
                else
                {
                    block.EnsureOutput(written, (contentLength * IdentifierScanner.MaxExpansion) + lineLength - contentLength);
                    destination = block.Output.AsSpan(written);
                    scrubbed = _detectorsOverride(content, destination);
                }

                lines++;
                position += lineLength;
                var found = VerificationGate.Check(destination[..scrubbed], format, _customerIds, w3cUserField);
                if (found != IdentifierKind.None)
                {
                    return new BlockResult(written, lines, position, counts, lineNumber, found, null, 0);
                }

                rest[contentLength..lineLength].CopyTo(destination[scrubbed..]);
                written += scrubbed + lineLength - contentLength;
            }

            return new BlockResult(written, lines, position, counts, 0, IdentifierKind.None, null, 0);
        }

        public void Dispose()
        {
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            if (_contextScratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_contextScratch);
            }

            if (_ownsPseudonymizer)
            {
                _pseudonymizer.Dispose();
            }
        }

        private Span<byte> ContextScratch(int length)
        {
            if (_contextScratch is null || _contextScratch.Length < length)
            {
                if (_contextScratch is not null)
                {
                    ArrayPool<byte>.Shared.Return(_contextScratch);
                }

                _contextScratch = ArrayPool<byte>.Shared.Rent(Math.Max(length, 64 * 1024));
            }

            return _contextScratch;
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
    }
}
