using Diagnostics.Core.Domain;

namespace Diagnostics.Core.Storage;

public interface ITicketStore
{
    Task<Ticket?> GetAsync(string ticketId, CancellationToken cancellationToken);

    /// <summary>Creates the ticket; false when one with that id exists already.</summary>
    Task<bool> TryCreateAsync(Ticket ticket, CancellationToken cancellationToken);

    /// <summary>Replaces the ticket if its <see cref="Ticket.Version"/> is still current; false when someone else changed it.</summary>
    Task<bool> TryReplaceAsync(Ticket ticket, CancellationToken cancellationToken);

    /// <summary>One page of the tickets not erased yet. Its cost grows with what is stored: only reconciliation reads it.</summary>
    Task<StoragePage<Ticket>> ListUnerasedAsync(string? continuation, int pageSize, CancellationToken cancellationToken);
}
