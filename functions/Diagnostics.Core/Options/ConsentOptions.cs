using System.ComponentModel.DataAnnotations;

namespace Diagnostics.Core.Options;

/// <summary>Capture windows and consent links. Section <c>Diagnostics:Consent</c>.</summary>
public sealed class ConsentOptions : IValidatableObject
{
    public const string Section = "Diagnostics:Consent";

    /// <summary>Capture window when the customer does not choose one.</summary>
    public TimeSpan DefaultWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Longest capture window a customer may choose.</summary>
    public TimeSpan MaxWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a consent link works: long enough to revoke or export until retention ends.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(45);

    /// <summary>Base URL put in front of <c>/api/consent/{token}</c> in consent links; the request's own origin when empty.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultWindow <= TimeSpan.Zero || MaxWindow <= TimeSpan.Zero || DefaultWindow > MaxWindow)
        {
            yield return new ValidationResult("Diagnostics:Consent windows must be positive and DefaultWindow at most MaxWindow.", [nameof(DefaultWindow)]);
        }

        if (TokenLifetime < MaxWindow)
        {
            yield return new ValidationResult("Diagnostics:Consent:TokenLifetime must be at least MaxWindow.", [nameof(TokenLifetime)]);
        }
    }
}
