using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;

namespace Diagnostics.Core.Operations;

/// <summary>
/// Portability: everything held about a ticket, as one JSON document streamed snapshot by snapshot,
/// with the redaction reports, the receipts and the log of who accessed it.
/// </summary>
public sealed class DataExporter(ConsentOperations consent, ISnapshotContentStore content, IAuditLog audit, TimeProvider time)
{
    public async Task<Outcome<Func<Stream, CancellationToken, Task>>> ExportAsync(string token, CancellationToken cancellationToken)
    {
        var outcome = await consent.ViewAsync(token, cancellationToken);
        if (outcome.Value is not { } view)
        {
            return outcome.Problem!;
        }

        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), ActorKind.Customer, Actor.Customer.Name, AuditAction.DataExported,
            view.Ticket.TicketId, null, "ok", $"snapshots={view.Snapshots.Count}"), cancellationToken);
        return new Func<Stream, CancellationToken, Task>((output, ct) => WriteAsync(view, output, ct));
    }

    private async Task WriteAsync(ConsentView view, Stream output, CancellationToken cancellationToken)
    {
        // A download for people and their tools, never embedded in a page: keep log lines readable.
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var ticket = view.Ticket;
        json.WriteStartObject();
        json.WriteString("ticketId", ticket.TicketId);
        json.WriteString("state", ticket.State.ToString().ToLowerInvariant());
        json.WriteString("openedAt", ticket.OpenedAt);
        json.WriteBoolean("prefixPreservingIps", ticket.PrefixPreservingIps);
        if (ticket.Consent is { } scope)
        {
            json.WriteStartObject("consent");
            WriteStrings(json, "categories", scope.Categories);
            WriteStrings(json, "sites", scope.Sites);
            json.WriteString("decidedAt", scope.DecidedAt);
            json.WriteString("windowEnd", scope.WindowEnd);
            json.WriteEndObject();
        }

        json.WriteStartArray("snapshots");
        foreach (var snapshot in view.Snapshots)
        {
            json.WriteStartObject();
            json.WriteString("snapshotId", snapshot.SnapshotId);
            json.WriteString("category", snapshot.Category);
            json.WriteString("source", snapshot.Source);
            json.WriteString("capturedAt", snapshot.CapturedAt);
            json.WriteString("expiresAt", snapshot.ExpiresAt);
            json.WriteNumber("bytes", snapshot.Bytes);
            json.WriteNumber("lines", snapshot.Lines);
            WriteCounts(json, "pseudonymized", snapshot.Pseudonymized);
            WriteCounts(json, "removed", snapshot.Removed);
            json.WriteStartArray("content");
            if (await content.OpenReadAsync(ticket.TicketId, snapshot.SnapshotId, cancellationToken) is { } blob)
            {
                await using var gzip = new GZipStream(blob, CompressionMode.Decompress);
                await foreach (var line in LineReader.ReadLinesAsync(gzip, cancellationToken))
                {
                    json.WriteStringValue(line.Span.TrimEnd("\r\n"u8));
                    if (json.BytesPending > 32 * 1024)
                    {
                        await json.FlushAsync(cancellationToken);
                    }
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("receipts");
        foreach (var receipt in view.Receipts)
        {
            json.WriteStartObject();
            json.WriteNumber("snapshotsDeleted", receipt.SnapshotsDeleted);
            json.WriteNumber("bytesDeleted", receipt.BytesDeleted);
            json.WriteString("erasedAt", receipt.ErasedAt);
            json.WriteString("reason", receipt.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("accessLog");
        foreach (var entry in view.Accesses)
        {
            json.WriteStartObject();
            json.WriteString("at", entry.At);
            json.WriteString("actorKind", entry.ActorKind);
            json.WriteString("actor", entry.Actor);
            json.WriteString("action", entry.Action);
            json.WriteString("snapshotId", entry.SnapshotId);
            json.WriteString("outcome", entry.Outcome);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, long> counts)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in counts)
        {
            json.WriteNumber(key, value);
        }

        json.WriteEndObject();
    }
}
