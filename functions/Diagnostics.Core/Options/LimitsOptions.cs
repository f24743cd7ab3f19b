using System.ComponentModel.DataAnnotations;

namespace Diagnostics.Core.Options;

/// <summary>Ingestion limits, enforced while streaming. Section <c>Diagnostics:Limits</c>.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Diagnostics:Limits";

    /// <summary>Largest request body as sent (compressed or not).</summary>
    [Range(1, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest content after decompression: stops gzip bombs.</summary>
    [Range(1, long.MaxValue)]
    public long MaxDecompressedBytes { get; set; } = 1024L * 1024 * 1024;

    [Range(256, 16 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = 64 * 1024;

    [Range(1, 100_000)]
    public int MaxSnapshotsPerTicket { get; set; } = 200;
}
