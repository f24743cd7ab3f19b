using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Options;
using Diagnostics.Core.Security;
using Diagnostics.Core.Storage;
using Diagnostics.Pseudonymization;
using Microsoft.Extensions.Options;

namespace Diagnostics.Core.Operations;

public sealed record PushRequest(string? Category, string? Source, string? ContentType, string? ContentEncoding, long? ContentLength);

/// <summary>Where a snapshot comes from, already validated: what it holds, its source's name, and who is audited for it.</summary>
public sealed record SnapshotOrigin(string Category, string Source, string ContentType, Actor Actor, string Action);

/// <summary>
/// Takes a snapshot, pushed by a collector or pulled on consent: checks consent, then streams the content through
/// pseudonymization straight into a gzip blob. Raw bytes are never written anywhere.
/// </summary>
public sealed class SnapshotIngestor(
    ITicketStore tickets,
    ISnapshotCatalog catalog,
    ISnapshotContentStore content,
    IExpiryIndex expiry,
    IAuditLog audit,
    KeyRing keys,
    RetentionPolicy retention,
    IOptions<LimitsOptions> limits,
    TimeProvider time)
{
    public const string PlainText = "text/plain";
    public const string NdJson = "application/x-ndjson";

    public async Task<Outcome<Snapshot>> PushAsync(string ticketId, PushRequest request, Stream body, CancellationToken cancellationToken)
    {
        var limit = limits.Value;
        if (ValidateRequest(request, limit) is { } invalid)
        {
            return invalid;
        }

        if (await tickets.GetAsync(ticketId, cancellationToken) is not { } ticket)
        {
            return Problem.NotFound($"Ticket '{ticketId}' is not registered.");
        }

        var sent = new LimitedReadStream(body, limit.MaxBodyBytes, "request body");
        Stream input = sent;
        if (IsGzip(request.ContentEncoding))
        {
            input = new LimitedReadStream(new GZipStream(sent, CompressionMode.Decompress), limit.MaxDecompressedBytes, "decompressed body");
        }

        await using (input)
        {
            var origin = new SnapshotOrigin(request.Category!, request.Source!, MediaTypeHeaderValue.Parse(request.ContentType!).MediaType!,
                new Actor(ActorKind.Collector, request.Source!), AuditAction.SnapshotPushed);
            return await StoreAsync(ticket, origin, input, cancellationToken);
        }
    }

    /// <summary>
    /// The one path every snapshot takes, pushed by a collector or pulled on consent: consent check, limits, line-by-line
    /// pseudonymization into a gzip blob, the verification gate, then the entity that makes it visible. Whatever fails
    /// on the way leaves nothing behind.
    /// </summary>
    public async Task<Outcome<Snapshot>> StoreAsync(Ticket ticket, SnapshotOrigin origin, Stream input, CancellationToken cancellationToken)
    {
        var limit = limits.Value;
        var ticketId = ticket.TicketId;
        var now = time.GetUtcNow();
        if (!ticket.AllowsCapture(origin.Category, now) || keys.ForTicket(ticket) is not { } key)
        {
            return Problem.Forbidden($"The customer has not consented to capturing '{origin.Category}' for this ticket now.");
        }

        if ((await catalog.ListAsync(ticketId, cancellationToken)).Count >= limit.MaxSnapshotsPerTicket)
        {
            return Problem.TooLarge($"The ticket holds the maximum of {limit.MaxSnapshotsPerTicket} snapshots.");
        }

        var snapshotId = NewSnapshotId(now);
        var expiresAt = retention.SnapshotExpiry(now);

        // The index row comes first: whatever a crash leaves behind, the purge finds through it.
        var indexEntry = new ExpiryEntry(ExpiryKind.Snapshot, ticketId, snapshotId, expiresAt);
        await expiry.AddAsync(indexEntry, cancellationToken);

        ScrubResult result;
        long storedBytes;
        try
        {
            (result, storedBytes) = await WriteAsync(ticketId, snapshotId, input, origin.ContentType, key, limit, cancellationToken);
        }
        catch (Exception e) when (e is InputLimitExceededException or InputRejectedException or InvalidDataException)
        {
            await DiscardAsync(indexEntry, cancellationToken);
            return e switch
            {
                InputLimitExceededException => Problem.TooLarge(e.Message),
                InputRejectedException { Rejection: InputRejection.LineTooLong } => Problem.TooLarge($"A line exceeds the limit of {limit.MaxLineBytes} bytes."),
                InputRejectedException => Problem.Invalid("The body is not valid UTF-8 text."),
                _ => Problem.Invalid("The body is not valid gzip."),
            };
        }
        catch
        {
            await DiscardAsync(indexEntry, CancellationToken.None);
            throw;
        }

        if (result.Blocked)
        {
            await DiscardAsync(indexEntry, cancellationToken);
            DiagnosticsTelemetry.SnapshotsBlocked.Add(1);
            await audit.AppendAsync(new AuditEntry(now, origin.Actor.Kind, origin.Actor.Name, origin.Action, ticketId, null, "blocked",
                $"verification gate found {result.BlockedLines} line(s) with a raw identifier"), cancellationToken);
            return new Problem(ProblemKind.Unprocessable, "Blocked by the verification gate.",
                "After pseudonymization a raw identifier was still found; nothing was stored.");
        }

        var snapshot = new Snapshot
        {
            TicketId = ticketId,
            SnapshotId = snapshotId,
            Category = origin.Category,
            Source = origin.Source,
            CapturedAt = now,
            ExpiresAt = expiresAt,
            Bytes = result.BytesOut,
            StoredBytes = storedBytes,
            Lines = result.Lines,
            ContentType = origin.ContentType,
            Pseudonymized = result.Report.Pseudonymized,
            Removed = result.Report.Removed,
        };
        await catalog.AddAsync(snapshot, cancellationToken);

        // A revocation that ran while this content was streaming must win: nothing may outlive it.
        var current = await tickets.GetAsync(ticketId, cancellationToken);
        if (current is null || !current.AllowsCapture(snapshot.Category, now))
        {
            await catalog.DeleteAsync(ticketId, snapshotId, CancellationToken.None);
            await DiscardAsync(indexEntry, CancellationToken.None);
            return Problem.Forbidden("Consent was withdrawn while the snapshot was being received; nothing was kept.");
        }

        DiagnosticsTelemetry.SnapshotsStored.Add(1);
        await audit.AppendAsync(new AuditEntry(now, origin.Actor.Kind, origin.Actor.Name, origin.Action, ticketId, snapshotId, "ok",
            $"lines={snapshot.Lines}; bytes={snapshot.Bytes}"), cancellationToken);
        return snapshot;
    }

    private async Task<(ScrubResult Result, long StoredBytes)> WriteAsync(
        string ticketId, string snapshotId, Stream input, string contentType, TicketKey key, LimitsOptions limit, CancellationToken cancellationToken)
    {
        var blob = await content.OpenWriteAsync(ticketId, snapshotId, cancellationToken);
        var stored = new CountingWriteStream(blob);
        ScrubResult result;
        await using (stored)
        await using (blob)
        {
            await using var gzip = new GZipStream(stored, CompressionLevel.Fastest, leaveOpen: true);
            var options = new ScrubOptions
            {
                Format = contentType == NdJson ? LogFormat.JsonLines : LogFormat.Auto,
                MaxLineBytes = limit.MaxLineBytes,
            };
            using var pseudonymizer = new Pseudonymizer(key);
            result = await LogScrubber.ScrubAsync(input, gzip, pseudonymizer, options, cancellationToken);
        }

        return (result, stored.BytesWritten);
    }

    private async Task DiscardAsync(ExpiryEntry entry, CancellationToken cancellationToken)
    {
        await content.DeleteAsync(entry.TicketId, entry.SnapshotId!, cancellationToken);
        await expiry.RemoveAsync([entry], cancellationToken);
    }

    private static Problem? ValidateRequest(PushRequest request, LimitsOptions limit)
    {
        if (!Category.IsKnown(request.Category))
        {
            return Problem.Invalid($"category must be one of: {string.Join(", ", Category.All)}.");
        }

        if (!Ids.IsValidName(request.Source) || request.Source.Length > Ids.MaxLength)
        {
            return Problem.Invalid("source is required: up to 64 letters, digits, '.', '_' or '-'.");
        }

        if (request.ContentType is null || !MediaTypeHeaderValue.TryParse(request.ContentType, out var media) ||
            media.MediaType is not (PlainText or NdJson) ||
            media.CharSet is { } charset && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return new Problem(ProblemKind.UnsupportedMediaType, "Unsupported media type.", $"Send {PlainText} or {NdJson}, in UTF-8.");
        }

        if (request.ContentEncoding is { Length: > 0 } encoding && !IsGzip(encoding) && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return new Problem(ProblemKind.UnsupportedMediaType, "Unsupported content encoding.", "Content-Encoding may only be gzip or identity.");
        }

        return request.ContentLength > limit.MaxBodyBytes
            ? Problem.TooLarge($"The body exceeds the limit of {limit.MaxBodyBytes} bytes.")
            : null;
    }

    private static bool IsGzip(string? encoding) => string.Equals(encoding?.Trim(), "gzip", StringComparison.OrdinalIgnoreCase);

    /// <summary>Sortable by capture time, unguessable, and a valid id.</summary>
    internal static string NewSnapshotId(DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMddTHHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
}
