namespace Diagnostics.Pseudonymization;

public sealed class ScrubResult
{
    /// <summary>Lines read and checked, the blocked line included.</summary>
    public long Lines { get; init; }

    /// <summary>Bytes of those lines, line endings included.</summary>
    public long BytesIn { get; init; }

    /// <summary>Bytes written to the output.</summary>
    public long BytesOut { get; init; }

    public required RedactionReport Report { get; init; }

    /// <summary>Lines in which the verification gate found a raw identifier after pseudonymization.</summary>
    public long BlockedLines { get; init; }

    public bool Blocked => BlockedLines > 0;

    /// <summary>1-based number of the first blocked line, or 0.</summary>
    public long FirstBlockedLine { get; init; }

    /// <summary>What the gate found in the first blocked line (never the value itself).</summary>
    public IdentifierKind BlockedKind { get; init; }

    /// <summary>The format the first line was read as: the one asked for, or the one <see cref="LogFormat.Auto"/> detected.</summary>
    public LogFormat Format { get; init; }
}
