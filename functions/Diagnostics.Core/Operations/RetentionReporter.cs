using Diagnostics.Core.Domain;
using Diagnostics.Core.Storage;

namespace Diagnostics.Core.Operations;

public sealed record RetentionReport(
    DateTimeOffset GeneratedAt,
    TimeSpan Retention,
    int OverdueItems,
    bool OverdueCountCapped,
    TimeSpan? OldestOverdue,
    IReadOnlyList<AuditEntry> RecentPurges);

/// <summary>What the data-protection officer checks: is anything kept past its due date?</summary>
public sealed class RetentionReporter(IExpiryIndex expiry, IAuditLog audit, RetentionPolicy retention, TimeProvider time)
{
    private const int MaxOverdueCounted = 1000;

    public async Task<RetentionReport> ReportAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await expiry.ListDueAsync(now, MaxOverdueCounted, cancellationToken);
        var purges = await audit.ListAsync(SnapshotPurger.SystemPartition, 20, cancellationToken);
        return new RetentionReport(
            now,
            retention.SnapshotRetention,
            due.Count,
            due.Count >= MaxOverdueCounted,
            due.Count == 0 ? null : now - due.Min(e => e.DueAt),
            purges);
    }
}
