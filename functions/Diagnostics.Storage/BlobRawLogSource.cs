using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace Diagnostics.Storage;

/// <summary>
/// The platform's raw logs as blobs <c>{customerId}/{site}/{yyyy}/{MM}/{dd}/{HH}.log</c> (UTC). Listing goes one day
/// prefix at a time, so a pull reads only the days it needs whatever the customer's history holds.
/// </summary>
public sealed class BlobRawLogSource : IRawLogSource
{
    private readonly BlobContainerClient _container;

    public BlobRawLogSource(BlobServiceClient snapshotsAccount, IAzureClientFactory<BlobServiceClient> clients, IOptions<RawLogSourceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(snapshotsAccount);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        var source = options.Value;
        var account = source.UsesSeparateAccount ? clients.CreateClient(RawLogSourceOptions.ClientName) : snapshotsAccount;
        _container = account.GetBlobContainerClient(source.SourceContainer);
    }

    /// <summary>Where the raw logs are read from (no credentials in it).</summary>
    public Uri ContainerUri => _container.Uri;

    public static string BlobName(string customerId, string site, DateTimeOffset hour)
    {
        var utc = hour.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture,
            $"{DayPrefix(customerId, site, utc)}{utc:HH}.log");
    }

    public async Task<IReadOnlyList<RawLogHour>> ListHoursAsync(
        string customerId, string site, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var hours = new List<RawLogHour>();
        var first = from.UtcDateTime;
        var last = to.UtcDateTime;
        try
        {
            for (var day = first.Date; day <= last.Date; day = day.AddDays(1))
            {
                var prefix = DayPrefix(customerId, site, day);
                await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
                {
                    var name = item.Name.AsSpan(prefix.Length);
                    if (name.Length == 6 && name.EndsWith(".log", StringComparison.Ordinal) &&
                        int.TryParse(name[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var hour) && hour < 24)
                    {
                        var at = new DateTimeOffset(day.AddHours(hour), TimeSpan.Zero);
                        if (at >= from && at <= to)
                        {
                            hours.Add(new RawLogHour(customerId, site, at, item.Properties.ContentLength ?? 0));
                        }
                    }
                }
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return [];
        }

        hours.Sort((a, b) => a.Hour.CompareTo(b.Hour));
        return hours;
    }

    public async Task<Stream?> OpenReadAsync(RawLogHour hour, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hour);
        try
        {
            var response = await _container.GetBlobClient(BlobName(hour.CustomerId, hour.Site, hour.Hour))
                .DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Only validated ids and host names go into a name: nothing can climb out of the customer's folder.</summary>
    private static string DayPrefix(string customerId, string site, DateTime day) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{StorageKeys.RequireId(customerId, nameof(customerId))}/{RequireSite(site)}/{day:yyyy}/{day:MM}/{day:dd}/");

    private static string RequireSite(string site) =>
        Ids.IsValidName(site) ? site : throw new ArgumentException("'site' is not a valid site name.", nameof(site));
}
