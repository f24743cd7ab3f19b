using Diagnostics.Core.Domain;

namespace Diagnostics.Core.Storage;

public interface IReceiptStore
{
    Task AddAsync(DeletionReceipt receipt, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeletionReceipt>> ListAsync(string ticketId, CancellationToken cancellationToken);
}
