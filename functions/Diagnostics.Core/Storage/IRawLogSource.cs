namespace Diagnostics.Core.Storage;

/// <summary>One hour of a site's raw access log on the platform, as the pull finds it.</summary>
public sealed record RawLogHour(string CustomerId, string Site, DateTimeOffset Hour, long Bytes);

/// <summary>
/// The platform's own raw logs, laid out as <c>{customerId}/{site}/{yyyy}/{MM}/{dd}/{HH}.log</c> (UTC hours).
/// Read only: raw bytes from here go straight into pseudonymization and nowhere else.
/// </summary>
public interface IRawLogSource
{
    /// <summary>The hours that exist with <paramref name="from"/> ≤ hour ≤ <paramref name="to"/>, oldest first.</summary>
    Task<IReadOnlyList<RawLogHour>> ListHoursAsync(string customerId, string site, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The hour's content, or null when it disappeared since it was listed.</summary>
    Task<Stream?> OpenReadAsync(RawLogHour hour, CancellationToken cancellationToken);
}
