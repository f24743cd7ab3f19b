using System.ComponentModel.DataAnnotations;

namespace Diagnostics.Storage;

/// <summary>
/// Where the platform's raw logs are read from for pull capture. Section <c>Diagnostics:Capture</c>, beside the
/// core's capture settings; by default the same storage account as the snapshots.
/// </summary>
public sealed class RawLogSourceOptions : IValidatableObject
{
    public const string SectionName = "Diagnostics:Capture";

    /// <summary>Name of the Azure client for a source in another account.</summary>
    internal const string ClientName = "RawLogSource";

    [Required]
    [RegularExpression("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$",
        ErrorMessage = "SourceContainer must be a valid container name: 3 to 63 lower-case letters, digits and single hyphens.")]
    public string SourceContainer { get; set; } = "platform-logs";

    /// <summary>A connection string for a source in another account (never an account key in a committed file).</summary>
    public string? SourceConnectionString { get; set; }

    /// <summary>The blob endpoint of a source in another account, reached with the managed identity.</summary>
    public Uri? SourceBlobServiceUri { get; set; }

    /// <summary>True when the source is not the snapshots' own storage account.</summary>
    public bool UsesSeparateAccount => SourceBlobServiceUri is not null || !string.IsNullOrWhiteSpace(SourceConnectionString);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SourceBlobServiceUri is not null && !string.IsNullOrWhiteSpace(SourceConnectionString))
        {
            yield return new ValidationResult($"{SectionName}: set SourceConnectionString or SourceBlobServiceUri, not both.", [nameof(SourceBlobServiceUri)]);
        }

        if (SourceBlobServiceUri is { } uri && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"{SectionName}: SourceBlobServiceUri must be an absolute http(s) URI.", [nameof(SourceBlobServiceUri)]);
        }
    }
}
