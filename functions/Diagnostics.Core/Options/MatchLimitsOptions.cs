using System.ComponentModel.DataAnnotations;

namespace Diagnostics.Core.Options;

/// <summary>
/// How often match without reveal may be asked, in fixed windows: it answers whether a value is in a ticket, an
/// oracle over a small space (2^32 IPv4 addresses). Section <c>Diagnostics:MatchLimits</c>.
/// </summary>
public sealed class MatchLimitsOptions : IValidatableObject
{
    public const string Section = "Diagnostics:MatchLimits";

    /// <summary>Matches one caller (an agent's principal) may ask per window, over every ticket.</summary>
    [Range(1, 1_000_000)]
    public int PerCaller { get; set; } = 60;

    /// <summary>Matches one ticket may be asked per window, by every caller together.</summary>
    [Range(1, 1_000_000)]
    public int PerTicket { get; set; } = 200;

    /// <summary>The fixed window: windows start at multiples of it since 0001-01-01 UTC, on every instance alike.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromDays(1) || Window.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            yield return new ValidationResult("Diagnostics:MatchLimits:Window must be whole seconds, from 00:00:01 to 1.00:00:00.", [nameof(Window)]);
        }
    }
}
