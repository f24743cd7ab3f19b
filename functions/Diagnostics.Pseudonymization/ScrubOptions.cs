namespace Diagnostics.Pseudonymization;

public sealed class ScrubOptions
{
    /// <summary>Largest <see cref="MaxLineBytes"/> accepted: the scrubber's buffers grow with it.</summary>
    public const int MaxLineBytesLimit = 16 * 1024 * 1024;

    public LogFormat Format { get; init; } = LogFormat.Auto;

    /// <summary>Longest accepted line in bytes, line ending excluded.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;
}
