using System.ComponentModel.DataAnnotations;
using NCrontab;

namespace Diagnostics.Core.Options;

/// <summary>How long snapshots live and how often the purge runs. Section <c>Diagnostics:Retention</c>.</summary>
public sealed class RetentionOptions : IValidatableObject
{
    public const string Section = "Diagnostics:Retention";

    /// <summary>The promise of the privacy policy: nothing is ever kept longer than this.</summary>
    public static readonly TimeSpan HardCap = TimeSpan.FromDays(30);

    /// <summary>Time a snapshot is kept after capture.</summary>
    public TimeSpan Default { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The longest retention this deployment allows; at most <see cref="HardCap"/>.</summary>
    public TimeSpan Cap { get; set; } = HardCap;

    /// <summary>Six-field NCRONTAB (with seconds), as the timer trigger takes it.</summary>
    [Required]
    public string PurgeSchedule { get; set; } = "0 */5 * * * *";

    /// <summary>
    /// How often a purge run also reconciles storage (lists every blob, every pending index row and every ticket to find
    /// leftovers the expiry index does not lead to). Its cost grows with what is stored, so it runs far less often than the purge.
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How old a blob without its entity, or an index row without its snapshot, must be before reconciliation removes it: longer
    /// than the slowest upload, so an ingest in progress is never mistaken for a leftover.
    /// </summary>
    public TimeSpan ReconcileGrace { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Default <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Diagnostics:Retention:Default must be positive.", [nameof(Default)]);
        }

        if (Cap <= TimeSpan.Zero || Cap > HardCap)
        {
            yield return new ValidationResult($"Diagnostics:Retention:Cap must be positive and at most {HardCap.TotalDays} days.", [nameof(Cap)]);
        }

        if (Default > Cap)
        {
            yield return new ValidationResult($"Diagnostics:Retention:Default ({Default}) exceeds the retention cap ({Cap}).", [nameof(Default)]);
        }

        if (ReconcileInterval <= TimeSpan.Zero || ReconcileGrace <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Diagnostics:Retention:ReconcileInterval and ReconcileGrace must be positive.", [nameof(ReconcileInterval)]);
        }

        if (TryParseSchedule(PurgeSchedule) is null)
        {
            yield return new ValidationResult("Diagnostics:Retention:PurgeSchedule must be a six-field NCRONTAB expression, e.g. \"0 */5 * * * *\".", [nameof(PurgeSchedule)]);
        }
    }

    public static CrontabSchedule? TryParseSchedule(string? expression) =>
        string.IsNullOrWhiteSpace(expression)
            ? null
            : CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
}
