using System.Diagnostics.Metrics;

namespace Diagnostics.Core;

/// <summary>Metrics of the promise: what was captured, blocked, purged, and how late. Exported through OpenTelemetry.</summary>
public static class DiagnosticsTelemetry
{
    public const string MeterName = "Diagnostics";

    private static readonly Meter Meter = new(MeterName);

    // Last measured by a purge run or a retention report; gauges are read synchronously, storage cannot be.
    private static long _overdueItems;
    private static long _oldestOverdueMilliseconds;
    private static long _liveSnapshots;

    public static Counter<long> SnapshotsStored { get; } = Meter.CreateCounter<long>("diagnostics.snapshots.stored", "{snapshot}");

    public static Counter<long> SnapshotsBlocked { get; } = Meter.CreateCounter<long>("diagnostics.snapshots.blocked", "{snapshot}",
        "Snapshots refused by the verification gate.");

    public static Counter<long> SnapshotsPurged { get; } = Meter.CreateCounter<long>("diagnostics.purge.snapshots", "{snapshot}");

    public static Counter<long> BytesPurged { get; } = Meter.CreateCounter<long>("diagnostics.purge.bytes", "By");

    public static Counter<long> TicketsErased { get; } = Meter.CreateCounter<long>("diagnostics.tickets.erased", "{ticket}");

    public static Counter<long> PurgeFailures { get; } = Meter.CreateCounter<long>("diagnostics.purge.failures", "{item}");

    public static Counter<long> PurgeRuns { get; } = Meter.CreateCounter<long>("diagnostics.purge.runs", "{run}");

    public static Histogram<double> PurgeDuration { get; } = Meter.CreateHistogram<double>("diagnostics.purge.duration", "s");

    public static Histogram<double> PurgeOverdue { get; } = Meter.CreateHistogram<double>("diagnostics.purge.oldest_overdue", "s",
        "Age past expiry of the oldest item a purge run found.");

    /// <summary>Leftovers removed by reconciliation, tagged <c>kind</c>: orphan_blob, expired_snapshot, index_row, ticket.</summary>
    public static Counter<long> Reconciled { get; } = Meter.CreateCounter<long>("diagnostics.reconcile.removed", "{item}",
        "Leftovers that reconciliation removed.");

    public static ObservableGauge<long> OverdueItems { get; } = Meter.CreateObservableGauge("diagnostics.retention.overdue_items",
        () => Interlocked.Read(ref _overdueItems), "{item}", "Items still stored more than one purge period past their expiry.");

    public static ObservableGauge<double> OldestOverdue { get; } = Meter.CreateObservableGauge("diagnostics.retention.oldest_overdue",
        () => Interlocked.Read(ref _oldestOverdueMilliseconds) / 1000.0, "s", "Age past expiry of the oldest item still stored.");

    public static ObservableGauge<long> LiveSnapshots { get; } = Meter.CreateObservableGauge("diagnostics.retention.live_snapshots",
        () => Interlocked.Read(ref _liveSnapshots), "{snapshot}", "Snapshots within their retention, from the expiry index.");

    /// <summary>What the gauges report until the next measurement.</summary>
    public static void ObserveRetention(long overdueItems, TimeSpan? oldestOverdue, long? liveSnapshots = null)
    {
        Interlocked.Exchange(ref _overdueItems, overdueItems);
        Interlocked.Exchange(ref _oldestOverdueMilliseconds, (long)Math.Max(0, oldestOverdue?.TotalMilliseconds ?? 0));
        if (liveSnapshots is { } live)
        {
            Interlocked.Exchange(ref _liveSnapshots, live);
        }
    }
}
