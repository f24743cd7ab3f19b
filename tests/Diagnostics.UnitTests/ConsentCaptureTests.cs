using System.IO.Compression;
using System.Text;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;
using Diagnostics.Core.Storage;
using Moq;

namespace Diagnostics.UnitTests;

public sealed class ConsentCaptureTests
{
    private readonly OperationsFixture _f = new();
    private readonly MemoryStream _written = new();

    public ConsentCaptureTests()
    {
        _f.Catalog.Setup(c => c.ListAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _f.Content.Setup(c => c.OpenWriteAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(_written);
    }

    private DateTimeOffset Now => _f.Clock.GetUtcNow();

    [Fact]
    public void ThePullStartsTheLookbackBeforeTheTicketWasOpenedAndEndsWithTheCurrentHour()
    {
        var ticket = _f.Consented("T-1", "access");
        _f.Clock.Advance(TimeSpan.FromMinutes(90));

        Assert.Equal((ticket.OpenedAt.AddHours(-24), ticket.OpenedAt.AddHours(1)), _f.Capture.HoursToPull(ticket, Now));
    }

    [Fact]
    public void ThePullKeepsTheMostRecentHoursWithinTheMaximum()
    {
        _f.CaptureSettings.MaxHours = 6;
        var ticket = _f.Consented("T-1", "access");

        Assert.Equal((ticket.OpenedAt.AddHours(-5), ticket.OpenedAt), _f.Capture.HoursToPull(ticket, Now));
    }

    [Fact]
    public async Task NothingIsPulledWhenPullingIsOff()
    {
        _f.CaptureSettings.PullOnConsent = false;
        var ticket = _f.Consented("T-1", "access");

        Assert.Null(_f.Capture.HoursToPull(ticket, Now));
        Assert.Empty(await _f.Capture.CaptureAsync(ticket, CancellationToken.None));
        _f.RawLogs.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task NothingIsPulledWithoutConsentToAccessLogs()
    {
        Assert.Empty(await _f.Capture.CaptureAsync(_f.Consented("T-1", "error", "metrics"), CancellationToken.None));
        _f.RawLogs.VerifyNoOtherCalls();
        _f.Content.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task EachConsentedSiteBecomesOnePseudonymizedSnapshotOfItsHours()
    {
        var ticket = _f.Consented("T-1", "access");
        _f.Holds(ticket);
        var first = Hour(ticket, -2);
        var gone = Hour(ticket, -1);
        var last = Hour(ticket, 0);
        _f.RawLogs.Setup(r => r.ListHoursAsync("cust-1", "shop.example", ticket.OpenedAt.AddHours(-24), ticket.OpenedAt, It.IsAny<CancellationToken>()))
            .ReturnsAsync([first, gone, last]);
        // The first hour lacks its final newline: its last line must not be glued to the next hour's first.
        _f.RawLogs.Setup(r => r.OpenReadAsync(first, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Text("203.0.113.7 - - [26/Nov/2026:08:00:01 +0000] \"GET /cart HTTP/1.1\" 500 12 \"-\" \"curl/8\""));
        _f.RawLogs.Setup(r => r.OpenReadAsync(gone, It.IsAny<CancellationToken>())).ReturnsAsync((Stream?)null);
        _f.RawLogs.Setup(r => r.OpenReadAsync(last, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Text("198.51.100.23 - - [26/Nov/2026:10:00:02 +0000] \"GET /?to=alice@example.com HTTP/1.1\" 200 9 \"-\" \"curl/8\"\n"));

        var result = Assert.Single(await _f.Capture.CaptureAsync(ticket, CancellationToken.None));

        Assert.Equal(PullStatus.Captured, result.Status);
        Assert.Equal("shop.example", result.Site);
        var snapshot = result.Snapshot!;
        Assert.Equal(("access", "pull-shop.example", 2L), (snapshot.Category, snapshot.Source, snapshot.Lines));
        Assert.Equal(2, snapshot.Pseudonymized["ipv4"]);
        Assert.Equal(1, snapshot.Pseudonymized["email"]);
        var stored = Gunzip(_written.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, stored.Length);
        Assert.Contains("[26/Nov/2026:08:00:01 +0000] \"GET /cart HTTP/1.1\" 500 12", stored[0]);
        Assert.DoesNotContain(stored, line => line.Contains("203.0.113.7") || line.Contains("198.51.100.23") || line.Contains("alice@example.com"));
        _f.Catalog.Verify(c => c.AddAsync(snapshot, It.IsAny<CancellationToken>()), Times.Once);
        _f.Audit.Verify(a => a.AppendAsync(It.Is<AuditEntry>(e => e.Action == AuditAction.SnapshotPulled && e.Outcome == "ok" &&
            e.Actor == ConsentCapture.Puller.Name && e.SnapshotId == snapshot.SnapshotId), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ASiteWithoutLogsIsAuditedAndStoresNothing()
    {
        var ticket = _f.Consented("T-1", "access");
        _f.RawLogs.Setup(r => r.ListHoursAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([]);

        var result = Assert.Single(await _f.Capture.CaptureAsync(ticket, CancellationToken.None));

        Assert.Equal(PullStatus.NoLogs, result.Status);
        _f.Content.VerifyNoOtherCalls();
        _f.Audit.Verify(a => a.AppendAsync(It.Is<AuditEntry>(e => e.Action == AuditAction.SnapshotPulled && e.Outcome == "empty"), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task ASourceThatFailsHalfWayLeavesNothingStored()
    {
        var ticket = _f.Consented("T-1", "access");
        _f.Holds(ticket);
        var hour = Hour(ticket, 0);
        _f.RawLogs.Setup(r => r.ListHoursAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([hour, Hour(ticket, 1)]);
        _f.RawLogs.Setup(r => r.OpenReadAsync(hour, It.IsAny<CancellationToken>())).ReturnsAsync(Text("203.0.113.7 GET /\n"));
        _f.RawLogs.Setup(r => r.OpenReadAsync(It.Is<RawLogHour>(h => h != hour), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("connection reset"));

        var result = Assert.Single(await _f.Capture.CaptureAsync(ticket, CancellationToken.None));

        Assert.Equal(PullStatus.Failed, result.Status);
        _f.Catalog.Verify(c => c.AddAsync(It.IsAny<Snapshot>(), It.IsAny<CancellationToken>()), Times.Never);
        _f.Content.Verify(c => c.DeleteAsync("T-1", It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
        _f.Expiry.Verify(e => e.RemoveAsync(It.Is<IReadOnlyCollection<ExpiryEntry>>(x => x.Single().Kind == ExpiryKind.Snapshot), It.IsAny<CancellationToken>()), Times.Once);
        _f.Audit.Verify(a => a.AppendAsync(It.Is<AuditEntry>(e => e.Action == AuditAction.SnapshotPulled && e.Outcome == "failed"), It.IsAny<CancellationToken>()));
        _f.Tickets.Verify(t => t.TryReplaceAsync(It.IsAny<Ticket>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private static RawLogHour Hour(Ticket ticket, int offset) => new("cust-1", "shop.example", ticket.OpenedAt.AddHours(offset), 100);

    private static Stream Text(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    private static string Gunzip(byte[] gzip)
    {
        using var reader = new StreamReader(new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress));
        return reader.ReadToEnd();
    }
}
