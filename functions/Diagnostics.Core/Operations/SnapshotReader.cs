using System.IO.Compression;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Security;
using Diagnostics.Core.Storage;
using Diagnostics.Pseudonymization;

namespace Diagnostics.Core.Operations;

/// <summary>A snapshot ready to stream to its reader.</summary>
public sealed class SnapshotContent(Snapshot snapshot, Func<Stream, CancellationToken, Task> write)
{
    public Snapshot Snapshot { get; } = snapshot;

    /// <summary>Writes the (filtered) pseudonymized lines.</summary>
    public Task WriteToAsync(Stream output, CancellationToken cancellationToken) => write(output, cancellationToken);
}

/// <summary>What agents read: snapshots by ticket, never one past its expiry, every access audited.</summary>
public sealed class SnapshotReader(
    ITicketStore tickets,
    ISnapshotCatalog catalog,
    ISnapshotContentStore content,
    IAuditLog audit,
    KeyRing keys,
    TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<Snapshot>>> ListAsync(string ticketId, Actor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ticket = await tickets.GetAsync(ticketId, cancellationToken);
        if (ticket is null)
        {
            return Problem.NotFound($"Ticket '{ticketId}' is not registered.");
        }

        var snapshots = ticket.IsErased
            ? []
            : (await catalog.ListAsync(ticketId, cancellationToken)).Where(s => !s.IsExpired(now)).OrderBy(s => s.CapturedAt).ToArray();
        await audit.AppendAsync(new AuditEntry(now, actor.Kind, actor.Name, AuditAction.SnapshotsListed, ticketId, null, "ok", $"count={snapshots.Length}"), cancellationToken);
        return snapshots;
    }

    public async Task<Outcome<SnapshotContent>> OpenAsync(string ticketId, string snapshotId, ReadFilter filter, Actor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ticket = await tickets.GetAsync(ticketId, cancellationToken);
        var snapshot = ticket is null || ticket.IsErased ? null : await catalog.GetAsync(ticketId, snapshotId, cancellationToken);
        if (ticket is null || snapshot is null)
        {
            return Problem.NotFound($"Snapshot '{snapshotId}' of ticket '{ticketId}' does not exist.");
        }

        if (snapshot.IsExpired(now))
        {
            return new Problem(ProblemKind.Gone, "Expired.", $"Snapshot '{snapshotId}' expired at {snapshot.ExpiresAt:O} and is being deleted.");
        }

        string? pseudonym = null;
        if (filter.Match is { } candidate)
        {
            if (keys.ForTicket(ticket) is not { } key)
            {
                return Problem.NotFound($"Snapshot '{snapshotId}' of ticket '{ticketId}' does not exist.");
            }

            pseudonym = new Pseudonymizer(key).PseudonymFor(candidate);
            if (pseudonym is null)
            {
                return Problem.Invalid("match must be an IP address or an e-mail address.");
            }
        }

        var blob = await content.OpenReadAsync(ticketId, snapshotId, cancellationToken);
        if (blob is null)
        {
            return Problem.NotFound($"Snapshot '{snapshotId}' of ticket '{ticketId}' does not exist.");
        }

        // The candidate value itself is never written: only that a match was asked for.
        var action = pseudonym is null ? AuditAction.SnapshotRead : AuditAction.SnapshotMatched;
        await audit.AppendAsync(new AuditEntry(now, actor.Kind, actor.Name, action, ticketId, snapshotId, "ok", Describe(filter)), cancellationToken);

        var lines = new LineFilter(filter, pseudonym);
        return new SnapshotContent(snapshot, async (output, ct) =>
        {
            await using var gzip = new GZipStream(blob, CompressionMode.Decompress);
            await LineReader.ForEachLineAsync(gzip, line => lines.IsEmpty || lines.Passes(line.Span) ? output.WriteAsync(line, ct) : ValueTask.CompletedTask, ct);
        });
    }

    private static string? Describe(ReadFilter filter)
    {
        var parts = new List<string>(4);
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

        return parts.Count == 0 ? null : "filters: " + string.Join(',', parts);
    }
}
