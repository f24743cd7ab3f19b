using System.ComponentModel.DataAnnotations;

namespace Diagnostics.Core.Options;

/// <summary>Pull capture on consent: which hours of the platform's logs are read. Section <c>Diagnostics:Capture</c>.</summary>
public sealed class CaptureOptions
{
    public const string Section = "Diagnostics:Capture";

    /// <summary>Whether accepting reads the consented sites' access logs from the source container.</summary>
    public bool PullOnConsent { get; set; } = true;

    /// <summary>How many hours before the ticket was opened the pull starts: the problem usually began before the ticket.</summary>
    [Range(0, 168)]
    public int LookbackHours { get; set; } = 24;

    /// <summary>The most hour files read per site; keeps the pull, which runs inside the accept request, bounded.</summary>
    [Range(1, 744)]
    public int MaxHours { get; set; } = 72;
}
