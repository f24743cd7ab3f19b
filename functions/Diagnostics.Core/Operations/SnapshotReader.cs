using System.IO.Compression;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Security;
using Diagnostics.Core.Storage;
using Diagnostics.Pseudonymization;

namespace Diagnostics.Core.Operations;

/// <summary>Which part of a snapshot's filtered lines to answer: filters apply first, then the page.</summary>
public sealed record PageRequest(long Offset, int Limit)
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;

    /// <summary>
    /// A page also ends before this many bytes (but holds at least one line), so that what is held in memory to
    /// answer one request is bounded whatever the lines' length; the snapshot itself is only ever streamed.
    /// </summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    public static PageRequest First { get; } = new(0, DefaultLimit);
}

/// <summary>One page of a snapshot's filtered, pseudonymized lines; with a match, the pseudonym they were matched on.</summary>
public sealed record SnapshotPage(Snapshot Snapshot, long Offset, int Lines, long? NextOffset, ReadOnlyMemory<byte> Content, string? MatchPseudonym);

/// <summary>A ticket's live snapshots, with the ticket they belong to (whose choices, such as prefix-preserving IPs, describe them).</summary>
public sealed record TicketSnapshots(Ticket Ticket, IReadOnlyList<Snapshot> Snapshots);

/// <summary>What agents read: snapshots by ticket, never one past its expiry, every access audited.</summary>
public sealed class SnapshotReader(
    ITicketStore tickets,
    ISnapshotCatalog catalog,
    ISnapshotContentStore content,
    IAuditLog audit,
    KeyRing keys,
    MatchRateLimiter matchLimiter,
    TimeProvider time)
{
    public const string OutcomeOk = "ok";
    public const string OutcomeExpired = "expired";
    public const string OutcomeRateLimited = "rate-limited";

    public async Task<Outcome<TicketSnapshots>> ListAsync(string ticketId, Actor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ticket = await tickets.GetAsync(ticketId, cancellationToken);
        if (ticket is null)
        {
            // Nothing was accessed; an entry under an unknown id would also show up for a ticket registered later under it.
            return Problem.NotFound($"Ticket '{ticketId}' is not registered.");
        }

        var snapshots = ticket.IsErased
            ? []
            : (await catalog.ListAsync(ticketId, cancellationToken)).Where(s => !s.IsExpired(now)).OrderBy(s => s.CapturedAt).ToArray();
        await audit.AppendAsync(new AuditEntry(now, actor.Kind, actor.Name, AuditAction.SnapshotsListed, ticketId, null, OutcomeOk, $"count={snapshots.Length}"), cancellationToken);
        return new TicketSnapshots(ticket, snapshots);
    }

    /// <summary>
    /// One page of the snapshot's lines that pass <paramref name="filter"/>. The content is streamed from storage
    /// and filtered line by line; only the page is held, so that the answer can say whether more follows.
    /// </summary>
    public async Task<Outcome<SnapshotPage>> ReadPageAsync(
        string ticketId, string snapshotId, ReadFilter filter, PageRequest page, Actor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var action = filter.Match is null ? AuditAction.SnapshotRead : AuditAction.SnapshotMatched;
        var ticket = await tickets.GetAsync(ticketId, cancellationToken);
        var snapshot = ticket is null || ticket.IsErased ? null : await catalog.GetAsync(ticketId, snapshotId, cancellationToken);
        var key = ticket is null || filter.Match is null ? null : keys.ForTicket(ticket);
        if (ticket is null || snapshot is null || (filter.Match is not null && key is null))
        {
            // A refused request changes nothing, the audit trail included: no data was accessed.
            return NotFound(ticketId, snapshotId);
        }

        if (snapshot.IsExpired(now))
        {
            await audit.AppendAsync(new AuditEntry(now, actor.Kind, actor.Name, action, ticketId, snapshotId, OutcomeExpired, Describe(filter, page)), cancellationToken);
            return new Problem(ProblemKind.Gone, "Expired.", $"Snapshot '{snapshotId}' expired at {snapshot.ExpiresAt:O} and is being deleted.");
        }

        string? pseudonym = null;
        if (filter.Match is { } candidate)
        {
            using var pseudonymizer = new Pseudonymizer(key!);
            pseudonym = pseudonymizer.PseudonymFor(candidate);
            if (pseudonym is null)
            {
                // Bad input changes nothing, the audit trail included.
                return Problem.Invalid("match must be an IP address or an e-mail address.");
            }

            // Counted once the request is known to be a valid match of a live snapshot: only those answer the oracle.
            if (await matchLimiter.TryAcquireAsync(actor, ticketId, cancellationToken) is { } refusal)
            {
                await audit.AppendAsync(new AuditEntry(now, actor.Kind, actor.Name, action, ticketId, snapshotId, OutcomeRateLimited,
                    $"limit={refusal.Limit}"), cancellationToken);
                var seconds = Math.Max(1, (long)Math.Ceiling(refusal.RetryAfter.TotalSeconds));
                return new Problem(ProblemKind.TooManyRequests, "Too many match requests.", refusal.Limit switch
                {
                    "caller" => $"You have asked as many matches as one person may in this period; retry in {seconds} s. Reads without a match are not limited.",
                    "ticket" => $"This ticket has been asked as many matches as it may be in this period; retry in {seconds} s. Reads without a match are not limited.",
                    _ => $"Too many matches are being asked at once; retry in {seconds} s.",
                })
                {
                    RetryAfter = refusal.RetryAfter,
                };
            }
        }

        var blob = await content.OpenReadAsync(ticketId, snapshotId, cancellationToken);
        if (blob is null)
        {
            return NotFound(ticketId, snapshotId);
        }

        // The pseudonym is answered only beside lines that hold it. The pseudonym of a value the snapshot does not hold
        // would make match a pseudonym oracle: with prefix-preserving IPs, 32 such answers decode any address bit by bit.
        var served = await CollectPageAsync(snapshot, blob, new LineFilter(filter, pseudonym), page, cancellationToken);
        served = served with { MatchPseudonym = served.Lines > 0 ? pseudonym : null };

        // The candidate value itself is never written: only that a match was asked for, and what came back.
        await audit.AppendAsync(new AuditEntry(now, actor.Kind, actor.Name, action, ticketId, snapshotId, OutcomeOk,
            $"{Describe(filter, page)}; lines={served.Lines}"), cancellationToken);
        return served;
    }

    private static async Task<SnapshotPage> CollectPageAsync(
        Snapshot snapshot, Stream blob, LineFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var held = new MemoryStream();
        long passed = 0;
        var taken = 0;
        long? next = null;
        await using (blob)
        await using (var gzip = new GZipStream(blob, CompressionMode.Decompress))
        {
            await foreach (var line in LineReader.ReadLinesAsync(gzip, cancellationToken))
            {
                if (!filter.IsEmpty && !filter.Passes(line.Span))
                {
                    continue;
                }

                if (passed++ < page.Offset)
                {
                    continue;
                }

                if (taken == page.Limit || (taken > 0 && held.Length + line.Length > PageRequest.MaxBytes))
                {
                    next = page.Offset + taken;
                    break;
                }

                held.Write(line.Span);
                taken++;
            }
        }

        return new SnapshotPage(snapshot, page.Offset, taken, next, held.GetBuffer().AsMemory(0, (int)held.Length), null);
    }

    private static Problem NotFound(string ticketId, string snapshotId) =>
        Problem.NotFound($"Snapshot '{snapshotId}' of ticket '{ticketId}' does not exist.");

    private static string Describe(ReadFilter filter, PageRequest page)
    {
        var parts = new List<string>(5);
        if (filter.Text is not null)
        {
            parts.Add("text");
        }

        if (filter.StatusClass is { } status)
        {
            parts.Add($"status={status}xx");
        }

        if (filter.From is not null || filter.To is not null)
        {
            parts.Add("time-range");
        }

        if (filter.Match is not null)
        {
            parts.Add("match");
        }

        var filters = parts.Count == 0 ? "filters: none" : "filters: " + string.Join(',', parts);
        return $"{filters}; offset={page.Offset}; limit={page.Limit}";
    }
}
