using Diagnostics.Core.Domain;

namespace Diagnostics.Core.Storage;

/// <summary>The snapshot entities, partitioned by ticket: what agents see listed.</summary>
public interface ISnapshotCatalog
{
    Task AddAsync(Snapshot snapshot, CancellationToken cancellationToken);

    Task<Snapshot?> GetAsync(string ticketId, string snapshotId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Snapshot>> ListAsync(string ticketId, CancellationToken cancellationToken);

    /// <summary>Deletes the entity if present (idempotent).</summary>
    Task DeleteAsync(string ticketId, string snapshotId, CancellationToken cancellationToken);

    /// <summary>Deletes those of the ticket's entities that are present, at most 100 to a transaction (idempotent).</summary>
    Task DeleteManyAsync(string ticketId, IReadOnlyCollection<string> snapshotIds, CancellationToken cancellationToken);

    /// <summary>Deletes every entity of the ticket in batched transactions; returns what was deleted.</summary>
    Task<IReadOnlyList<Snapshot>> DeleteAllAsync(string ticketId, CancellationToken cancellationToken);
}
