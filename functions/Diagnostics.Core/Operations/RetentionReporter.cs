using Diagnostics.Core.Storage;

namespace Diagnostics.Core.Operations;

/// <summary>Live snapshots whose age is at most <see cref="UpTo"/> (and more than the previous bucket's).</summary>
public sealed record AgeBucket(string Label, TimeSpan UpTo, int Count);

/// <summary>Snapshots within their retention, counted from the expiry index.</summary>
public sealed record LiveSnapshots(int Count, bool Capped, IReadOnlyList<AgeBucket> ByAge, ExpiryEntry? Oldest, TimeSpan? OldestAge);

public sealed record RetentionReport(
    DateTimeOffset GeneratedAt,
    TimeSpan Retention,
    TimeSpan PurgePeriod,
    LiveSnapshots Live,
    int DueItems,
    int OverdueItems,
    bool DueCountCapped,
    TimeSpan? OldestOverdue,
    IReadOnlyList<PurgeRun> RecentRuns,
    DateTimeOffset? LastReconciledAt)
{
    /// <summary>The target: nothing is stored longer than one purge period past its expiry.</summary>
    public bool WithinTarget => OverdueItems == 0;
}

/// <summary>
/// What the data-protection officer checks: what is held and how old it is, is anything kept past its due date, and what
/// the last purge runs did. Everything comes from the expiry index (one row per snapshot and ticket) and the purge-run log;
/// no snapshot entity or blob is read. What is due is bounded by the due buckets; counting the live snapshots reads the rows
/// still to come, at most <see cref="MaxLiveCounted"/> of them (the report says when it stopped there).
/// </summary>
public sealed class RetentionReporter(IExpiryIndex expiry, IPurgeRunLog runs, RetentionPolicy retention, TimeProvider time)
{
    public const int MaxLiveCounted = 100_000;
    private const int MaxDueCounted = 10_000;
    private const int RecentRuns = 20;
    private const int PageSize = 1000;

    private static readonly (string Label, TimeSpan UpTo)[] AgeBuckets =
    [
        ("1h", TimeSpan.FromHours(1)),
        ("1d", TimeSpan.FromDays(1)),
        ("7d", TimeSpan.FromDays(7)),
        ("30d", TimeSpan.FromDays(30)),
    ];

    public async Task<RetentionReport> ReportAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var period = retention.PurgePeriod(now);
        var due = await expiry.ListDueAsync(now, MaxDueCounted, cancellationToken);
        var overdue = due.Count(e => now - e.DueAt > period);
        TimeSpan? oldestOverdue = due.Count == 0 ? null : now - due.Min(e => e.DueAt);
        var live = await CountLiveAsync(now, cancellationToken);
        DiagnosticsTelemetry.ObserveRetention(overdue, oldestOverdue, live.Count);
        return new RetentionReport(
            now,
            retention.SnapshotRetention,
            period,
            live,
            due.Count,
            overdue,
            due.Count >= MaxDueCounted,
            oldestOverdue,
            await runs.ListRecentAsync(RecentRuns, cancellationToken),
            await runs.LastReconciledAtAsync(cancellationToken));
    }

    private async Task<LiveSnapshots> CountLiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = new int[AgeBuckets.Length];
        var total = 0;
        ExpiryEntry? oldest = null;
        string? continuation = null;
        do
        {
            var page = await expiry.ListFromAsync(now, continuation, PageSize, cancellationToken);
            foreach (var row in page.Items)
            {
                if (row.Entry.Kind != ExpiryKind.Snapshot || row.Entry.DueAt <= now)
                {
                    continue;
                }

                total++;
                oldest = oldest is null || row.Entry.DueAt < oldest.DueAt ? row.Entry : oldest;
                var age = Age(row.Entry, now);
                var bucket = Array.FindIndex(AgeBuckets, b => age <= b.UpTo);
                counts[bucket < 0 ? AgeBuckets.Length - 1 : bucket]++;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null && total < MaxLiveCounted);

        return new LiveSnapshots(
            total,
            continuation is not null,
            [.. AgeBuckets.Select((b, i) => new AgeBucket(b.Label, b.UpTo, counts[i]))],
            oldest,
            oldest is null ? null : Age(oldest, now));
    }

    // The index keeps when a snapshot expires, not when it was captured: its age follows from the current retention.
    private TimeSpan Age(ExpiryEntry entry, DateTimeOffset now)
    {
        var age = retention.SnapshotRetention - (entry.DueAt - now);
        return age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }
}
