using System.ComponentModel.DataAnnotations;

namespace Diagnostics.Storage;

/// <summary>Where snapshots, tickets and the trail are kept. Section <c>Diagnostics:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Diagnostics:Storage";

    public const string DevelopmentConnectionString = "UseDevelopmentStorage=true";

    /// <summary>Used unless both service URIs are set. Azurite by default; never an account key in a committed file.</summary>
    public string? ConnectionString { get; set; } = DevelopmentConnectionString;

    /// <summary>With <see cref="TableServiceUri"/>: identity-based access (managed identity in Azure).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>With <see cref="BlobServiceUri"/>: identity-based access (managed identity in Azure).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Prepended to every table name, so that several environments or tests can share an account.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,29}$",
        ErrorMessage = "TablePrefix must be a letter followed by at most 29 letters or digits.")]
    public string TablePrefix { get; set; } = "diag";

    [Required]
    [RegularExpression("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$",
        ErrorMessage = "SnapshotContainer must be a valid container name: 3 to 63 lower-case letters, digits and single hyphens.")]
    public string SnapshotContainer { get; set; } = "snapshots";

    /// <summary>Retries of a failed storage request before the operation gives up and the caller gets 503 with Retry-After.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First delay between retries; it doubles with each retry.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>How long one storage request may take before it counts as failed.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>True when the service URIs, not the connection string, say where storage is.</summary>
    public bool UsesServiceUris => BlobServiceUri is not null && TableServiceUri is not null;

    public string TableName(string table) => TablePrefix + table;

    internal void ApplyRetry(Azure.Core.RetryOptions retry)
    {
        retry.MaxRetries = MaxRetries;
        retry.Delay = RetryDelay;
        retry.NetworkTimeout = NetworkTimeout;
    }
}
