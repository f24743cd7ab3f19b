using System.Diagnostics.Metrics;
using Diagnostics.Core;
using Diagnostics.Core.Operations;
using Diagnostics.Core.Storage;
using Moq;

namespace Diagnostics.UnitTests;

/// <summary>Shares the meter's last-measured state with the purge tests, so they do not run at the same time.</summary>
[CollectionDefinition(Name)]
public sealed class MeterCollection
{
    public const string Name = "Diagnostics meter";
}

[Collection(MeterCollection.Name)]
public sealed class RetentionReporterTests
{
    private readonly OperationsFixture _f = new();

    [Fact]
    public async Task TheReportCountsLiveSnapshotsByAgeAndCallsOverdueOnlyWhatOutlivedAPurgePeriod()
    {
        // Retention 1 h, purge every 5 minutes.
        var now = _f.Clock.GetUtcNow();
        _f.Expiry.Setup(e => e.ListDueAsync(now, It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new ExpiryEntry(ExpiryKind.Snapshot, "T-1", "late", now.AddMinutes(-20)),
            new ExpiryEntry(ExpiryKind.Snapshot, "T-1", "due", now.AddMinutes(-1)),
        ]);
        _f.Expiry.SetupSequence(e => e.ListFromAsync(now, It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoragePage<IndexedExpiry>(
            [
                Row(ExpiryKind.Snapshot, "young", now.AddMinutes(55)),
                Row(ExpiryKind.Ticket, null, now.AddMinutes(50)),
            ], "next"))
            .ReturnsAsync(new StoragePage<IndexedExpiry>([Row(ExpiryKind.Snapshot, "older", now.AddMinutes(10)), Row(ExpiryKind.Snapshot, "due-now", now)], null));
        var run = new PurgeRun(now.AddMinutes(-5), TimeSpan.FromSeconds(3), 4, 400, 1, 0, TimeSpan.FromMinutes(2), null);
        _f.Runs.Setup(r => r.ListRecentAsync(It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([run]);
        var gauges = new Dictionary<string, double>();
        using var listener = Listen(gauges);

        var report = await new RetentionReporter(_f.Expiry.Object, _f.Runs.Object, _f.Policy, _f.Clock).ReportAsync(CancellationToken.None);
        listener.RecordObservableInstruments();

        Assert.Equal(TimeSpan.FromMinutes(5), report.PurgePeriod);
        Assert.Equal(2, report.Live.Count);
        Assert.False(report.Live.Capped);
        Assert.Equal([2, 0, 0, 0], report.Live.ByAge.Select(b => b.Count));
        Assert.Equal("older", report.Live.Oldest?.SnapshotId);
        Assert.Equal(TimeSpan.FromMinutes(50), report.Live.OldestAge);
        Assert.Equal(2, report.DueItems);
        Assert.Equal(1, report.OverdueItems);
        Assert.Equal(TimeSpan.FromMinutes(20), report.OldestOverdue);
        Assert.False(report.WithinTarget);
        Assert.Equal([run], report.RecentRuns);
        Assert.Equal(1, gauges["diagnostics.retention.overdue_items"]);
        Assert.Equal(1200, gauges["diagnostics.retention.oldest_overdue"]);
        Assert.Equal(2, gauges["diagnostics.retention.live_snapshots"]);
    }

    private static IndexedExpiry Row(ExpiryKind kind, string? snapshotId, DateTimeOffset dueAt) =>
        new(new ExpiryEntry(kind, "T-1", snapshotId, dueAt), dueAt.AddHours(-1));

    private static MeterListener Listen(Dictionary<string, double> values)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DiagnosticsTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        return listener;
    }
}
