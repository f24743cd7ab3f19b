using Diagnostics.Core.Domain;

namespace Diagnostics.Core.Storage;

/// <summary>Append-only audit trail.</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The entries of one ticket (or of all when null), newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string? ticketId, int max, CancellationToken cancellationToken);
}
