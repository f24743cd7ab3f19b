using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;

namespace Diagnostics.Core.Operations;

/// <summary>
/// Erases a ticket: key material first (so nothing new is accepted and leftovers are unlinkable), then
/// every snapshot entity, blob and expiry row, then a receipt without personal data.
/// </summary>
public sealed class TicketEraser(
    ITicketStore tickets,
    ISnapshotCatalog catalog,
    ISnapshotContentStore content,
    IExpiryIndex expiry,
    IReceiptStore receipts,
    IAuditLog audit,
    TimeProvider time)
{
    private const int MaxConcurrencyRetries = 10;

    /// <summary>Erases the ticket; when it was erased already, finishes any leftovers and answers the first receipt.</summary>
    public async Task<DeletionReceipt> EraseAsync(Ticket ticket, string reason, Actor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var alreadyErased = ticket.IsErased;
        for (var attempt = 0; !ticket.IsErased; attempt++)
        {
            var tombstone = ticket with
            {
                State = TicketState.Erased,
                ErasedAt = now,
                Salt = null,
                CustomerId = null,
                Sites = [],
                Consent = null,
            };
            if (await tickets.TryReplaceAsync(tombstone, cancellationToken))
            {
                break;
            }

            ticket = await tickets.GetAsync(ticket.TicketId, cancellationToken)
                ?? throw new InvalidOperationException("The ticket disappeared while being erased.");
            if (attempt >= MaxConcurrencyRetries)
            {
                throw new InvalidOperationException("The ticket kept changing while being erased.");
            }

            alreadyErased = ticket.IsErased;
        }

        var entities = await catalog.DeleteAllAsync(ticket.TicketId, cancellationToken);
        var (blobs, bytes) = await content.DeleteAllAsync(ticket.TicketId, cancellationToken);

        // Their expiry rows last: they would only name snapshots that are gone. A crash before this leaves them to the purge.
        await expiry.RemoveAsync(
            [.. entities.Select(s => new ExpiryEntry(ExpiryKind.Snapshot, s.TicketId, s.SnapshotId, s.ExpiresAt))], cancellationToken);

        if (alreadyErased && (await receipts.ListAsync(ticket.TicketId, cancellationToken)) is [var first, ..])
        {
            return first;
        }

        var receipt = new DeletionReceipt(ticket.TicketId, Math.Max(entities.Count, blobs), bytes, now, reason);
        await receipts.AddAsync(receipt, cancellationToken);
        var action = reason switch
        {
            ErasureReason.Revoked => AuditAction.ConsentRevoked,
            ErasureReason.Declined => AuditAction.ConsentDeclined,
            _ => AuditAction.Purged,
        };
        await audit.AppendAsync(
            new AuditEntry(now, actor.Kind, actor.Name, action, ticket.TicketId, null, "erased",
                $"reason={reason}; snapshots={receipt.SnapshotsDeleted}; bytes={bytes}"),
            cancellationToken);
        return receipt;
    }
}
