using Microsoft.Extensions.Options;

namespace Diagnostics.Storage;

/// <summary>What data annotations cannot say: where the storage is must be stated one way or the other.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if ((options.BlobServiceUri is null) != (options.TableServiceUri is null))
        {
            failures.Add("Set both BlobServiceUri and TableServiceUri, or neither.");
        }

        if (options.UsesServiceUris)
        {
            CheckUri(options.BlobServiceUri!, nameof(options.BlobServiceUri), failures);
            CheckUri(options.TableServiceUri!, nameof(options.TableServiceUri), failures);
        }
        else if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Set ConnectionString, or both BlobServiceUri and TableServiceUri.");
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.RetryDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add("RetryDelay must be positive and at most one minute.");
        }

        if (options.NetworkTimeout <= TimeSpan.Zero)
        {
            failures.Add("NetworkTimeout must be positive.");
        }

        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Select(f => $"{StorageOptions.SectionName}: {f}"));
    }

    private static void CheckUri(Uri uri, string name, List<string> failures)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{name} must be an absolute http(s) URI.");
        }
    }
}
