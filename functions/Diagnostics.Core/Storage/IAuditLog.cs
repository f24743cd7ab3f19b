using Diagnostics.Core.Domain;

namespace Diagnostics.Core.Storage;

/// <summary>Which audit entries to list: all parts optional, all given parts must hold; newest first, at most <see cref="Max"/>.</summary>
public sealed record AuditQuery(string? TicketId, int Max)
{
    /// <summary>An action such as <see cref="AuditAction.SnapshotRead"/>.</summary>
    public string? Action { get; init; }

    /// <summary>Entries at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Entries before this time.</summary>
    public DateTimeOffset? To { get; init; }
}

/// <summary>Append-only audit trail.</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The entries that fit <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>The entries of one ticket (or of all when null), newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string? ticketId, int max, CancellationToken cancellationToken) =>
        ListAsync(new AuditQuery(ticketId, max), cancellationToken);
}
