using System.Diagnostics.Metrics;

namespace Diagnostics.Core;

/// <summary>Metrics of the promise: what was captured, blocked, purged, and how late. Exported through OpenTelemetry.</summary>
public static class DiagnosticsTelemetry
{
    public const string MeterName = "Diagnostics";

    private static readonly Meter Meter = new(MeterName);

    public static Counter<long> SnapshotsStored { get; } = Meter.CreateCounter<long>("diagnostics.snapshots.stored", "{snapshot}");

    public static Counter<long> SnapshotsBlocked { get; } = Meter.CreateCounter<long>("diagnostics.snapshots.blocked", "{snapshot}",
        "Snapshots refused by the verification gate.");

    public static Counter<long> SnapshotsPurged { get; } = Meter.CreateCounter<long>("diagnostics.purge.snapshots", "{snapshot}");

    public static Counter<long> BytesPurged { get; } = Meter.CreateCounter<long>("diagnostics.purge.bytes", "By");

    public static Counter<long> TicketsErased { get; } = Meter.CreateCounter<long>("diagnostics.tickets.erased", "{ticket}");

    public static Counter<long> PurgeFailures { get; } = Meter.CreateCounter<long>("diagnostics.purge.failures", "{item}");

    public static Histogram<double> PurgeOverdue { get; } = Meter.CreateHistogram<double>("diagnostics.purge.oldest_overdue", "s",
        "Age past expiry of the oldest item a purge run found.");
}
