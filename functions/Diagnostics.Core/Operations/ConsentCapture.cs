using Diagnostics.Core.Domain;
using Diagnostics.Core.Options;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Diagnostics.Core.Operations;

public enum PullStatus
{
    /// <summary>A snapshot was stored.</summary>
    Captured,

    /// <summary>The source holds no log of the site for those hours.</summary>
    NoLogs,

    /// <summary>The content was refused (a limit, the verification gate, consent gone); nothing was stored.</summary>
    Refused,

    /// <summary>Reading the source failed; nothing was stored.</summary>
    Failed,
}

/// <summary>What the pull did for one consented site.</summary>
public sealed record PullResult(string Site, PullStatus Status, Snapshot? Snapshot = null, string? Detail = null);

/// <summary>
/// Capture on consent: reads the platform's raw access logs of the consented sites, from the lookback before the ticket
/// was opened until now, and stores one pseudonymized snapshot per site through the same path as a pushed snapshot.
/// Runs inside the accept request, bounded by <see cref="CaptureOptions.MaxHours"/>; it never undoes the consent.
/// </summary>
public sealed class ConsentCapture(
    IRawLogSource source,
    SnapshotIngestor ingestor,
    IAuditLog audit,
    IOptions<CaptureOptions> options,
    IOptions<LimitsOptions> limits,
    TimeProvider time,
    ILogger<ConsentCapture> logger)
{
    public static Actor Puller { get; } = new(ActorKind.System, "consent-capture");

    /// <summary>The snapshot source name of a pulled site, e.g. <c>pull-shop.example</c>.</summary>
    public static string SourceName(string site) => "pull-" + site;

    /// <summary>The first and last hour a pull reads for the ticket at <paramref name="now"/>, or null when pulling is off.</summary>
    public (DateTimeOffset From, DateTimeOffset To)? HoursToPull(Ticket ticket, DateTimeOffset now)
    {
        var settings = options.Value;
        if (!settings.PullOnConsent)
        {
            return null;
        }

        var end = ticket.CaptureEnd is { } captureEnd && captureEnd < now ? captureEnd : now;
        var to = StartOfHour(end);
        var from = StartOfHour(ticket.OpenedAt - TimeSpan.FromHours(settings.LookbackHours));
        var earliest = to - TimeSpan.FromHours(settings.MaxHours - 1);
        return (from < earliest ? earliest : from, to);
    }

    public async Task<IReadOnlyList<PullResult>> CaptureAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (ticket.CustomerId is not { } customerId || ticket.Consent is not { } scope || !ticket.AllowsCapture(Category.Access, now) ||
            HoursToPull(ticket, now) is not var (from, to))
        {
            return [];
        }

        var results = new List<PullResult>(scope.Sites.Count);
        foreach (var consented in scope.Sites)
        {
            // Blob names are case-sensitive: use the site as the ticketing system registered it.
            var site = ticket.Sites.FirstOrDefault(s => s.Equals(consented, StringComparison.OrdinalIgnoreCase)) ?? consented;
            results.Add(await PullSiteAsync(ticket, customerId, site, from, to, cancellationToken));
        }

        return results;
    }

    private async Task<PullResult> PullSiteAsync(
        Ticket ticket, string customerId, string site, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var sourceName = SourceName(site);
        try
        {
            var hours = await source.ListHoursAsync(customerId, site, from, to, cancellationToken);
            if (hours.Count == 0)
            {
                await AuditAsync(ticket, sourceName, "empty", $"no log between {from:O} and {to:O}", cancellationToken);
                return new PullResult(site, PullStatus.NoLogs);
            }

            await using var raw = new RawLogHoursStream(source, hours);
            var input = new LimitedReadStream(raw, limits.Value.MaxDecompressedBytes, "captured log");
            var origin = new SnapshotOrigin(Category.Access, sourceName, SnapshotIngestor.PlainText, Puller, AuditAction.SnapshotPulled);
            var outcome = await ingestor.StoreAsync(ticket, origin, input, cancellationToken);
            if (outcome.Value is { } snapshot)
            {
                return new PullResult(site, PullStatus.Captured, snapshot);
            }

            var problem = outcome.Problem!;
            if (problem.Kind != ProblemKind.Unprocessable)
            {
                // The verification gate audits its own refusals; the others are audited here.
                await AuditAsync(ticket, sourceName, "refused", problem.Detail, cancellationToken);
            }

            return new PullResult(site, PullStatus.Refused, Detail: problem.Detail);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The ingestor has already removed whatever it had started to write; the consent stands.
            logger.LogWarning("Pulling logs for ticket {TicketId} failed: {Error}", ticket.TicketId, e.GetType().Name);
            await AuditAsync(ticket, sourceName, "failed", "the log source could not be read", CancellationToken.None);
            return new PullResult(site, PullStatus.Failed, Detail: "The logs could not be read; nothing was stored.");
        }
    }

    private Task AuditAsync(Ticket ticket, string sourceName, string outcome, string detail, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry(time.GetUtcNow(), Puller.Kind, Puller.Name, AuditAction.SnapshotPulled, ticket.TicketId, null, outcome,
            $"source={sourceName}; {detail}"), cancellationToken);

    private static DateTimeOffset StartOfHour(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}

/// <summary>
/// The hours of one site read one after the other as a single stream, opened lazily so only one is open at a time;
/// a newline is put between hours whose file does not end with one, so no two lines are glued together.
/// </summary>
internal sealed class RawLogHoursStream(IRawLogSource source, IReadOnlyList<RawLogHour> hours) : Stream
{
    private int _next;
    private Stream? _current;
    private bool _endsWithNewline = true;
    private bool _newlinePending;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (_newlinePending)
            {
                _newlinePending = false;
                _endsWithNewline = true;
                buffer.Span[0] = (byte)'\n';
                return 1;
            }

            if (_current is null)
            {
                if (_next >= hours.Count)
                {
                    return 0;
                }

                _current = await source.OpenReadAsync(hours[_next++], cancellationToken);
                continue;
            }

            var read = await _current.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                _endsWithNewline = buffer.Span[read - 1] == (byte)'\n';
                return read;
            }

            await _current.DisposeAsync();
            _current = null;
            _newlinePending = !_endsWithNewline;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The source is only reachable asynchronously; the scrubber reads asynchronously.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
            _current = null;
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
        }

        base.Dispose(disposing);
    }
}
