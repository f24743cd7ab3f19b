namespace Diagnostics.Pseudonymization;

public sealed class ScrubOptions
{
    /// <summary>Largest <see cref="MaxLineBytes"/> accepted: the scrubber's buffers grow with it.</summary>
    public const int MaxLineBytesLimit = 16 * 1024 * 1024;

    public LogFormat Format { get; init; } = LogFormat.Auto;

    /// <summary>Longest accepted line in bytes, line ending excluded.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// How many blocks of lines are scrubbed at once, each on its own thread; 0 (the default) picks the
    /// number of processors, at most 4. The output is the same whatever the value.
    /// </summary>
    public int Parallelism { get; init; }

    /// <summary>Customer id shapes (<c>cust-\d+</c>) pseudonymized as <c>cid-</c> + 16 base32; none by default.</summary>
    public IReadOnlyList<CustomerIdPattern> CustomerIds { get; init; } = [];

    /// <summary>Replaces the detectors, for tests that need a detector to miss something; never set in production.</summary>
    internal LineScrubOverride? DetectorsOverride { get; init; }
}

/// <summary>Writes <paramref name="line"/> into <paramref name="destination"/> as the detectors would, returning the length.</summary>
internal delegate int LineScrubOverride(ReadOnlySpan<byte> line, Span<byte> destination);
