using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;
using Diagnostics.Core.Options;
using Diagnostics.Core.Security;
using Diagnostics.Core.Storage;
using Diagnostics.Pseudonymization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Diagnostics.UnitTests;

/// <summary>The operations wired to mocks of our own storage interfaces and a fake clock.</summary>
internal sealed class OperationsFixture
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    public Mock<ITicketStore> Tickets { get; } = new();

    public Mock<ISnapshotCatalog> Catalog { get; } = new();

    public Mock<ISnapshotContentStore> Content { get; } = new();

    public Mock<IExpiryIndex> Expiry { get; } = new();

    public Mock<IAuditLog> Audit { get; } = new();

    public Mock<IReceiptStore> Receipts { get; } = new();

    public Mock<IRawLogSource> RawLogs { get; } = new();

    public CaptureOptions CaptureSettings { get; } = new();

    public Mock<IPurgeRunLog> Runs { get; } = new();

    public Mock<IRateCounters> RateCounters { get; } = new();

    public MatchLimitsOptions MatchLimits { get; } = new();

    public OperationsFixture()
    {
        // Reconciled just now unless a test says otherwise.
        Runs.Setup(r => r.LastReconciledAtAsync(It.IsAny<CancellationToken>())).ReturnsAsync(() => Clock.GetUtcNow());

        // Every match is within the limits unless a test says otherwise.
        RateCounters.Setup(r => r.TryTakeAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(RateCount.Taken);
    }

    public KeyRing Keys { get; } = TestKeys.Ring();

    public RetentionOptions Retention { get; } = new() { Default = TimeSpan.FromHours(1) };

    public RetentionPolicy Policy => new(MsOptions.Create(Retention), MsOptions.Create(new ConsentOptions()));

    public TicketEraser Eraser => new(Tickets.Object, Catalog.Object, Content.Object, Expiry.Object, Receipts.Object, Audit.Object, Clock);

    public SnapshotIngestor Ingestor => new(Tickets.Object, Catalog.Object, Content.Object, Expiry.Object, Audit.Object, Keys, Policy,
        MsOptions.Create(new LimitsOptions()), Clock);

    public ConsentCapture Capture => new(RawLogs.Object, Ingestor, Audit.Object, MsOptions.Create(CaptureSettings),
        MsOptions.Create(new LimitsOptions()), Clock, NullLogger<ConsentCapture>.Instance);

    public MatchRateLimiter MatchLimiter => new(RateCounters.Object, MsOptions.Create(MatchLimits), Clock);

    public SnapshotReader Reader => new(Tickets.Object, Catalog.Object, Content.Object, Audit.Object, Keys, MatchLimiter, Clock);

    public StorageReconciler Reconciler => new(Tickets.Object, Catalog.Object, Content.Object, Expiry.Object, Eraser, Policy,
        MsOptions.Create(Retention), Clock, NullLogger<StorageReconciler>.Instance);

    public SnapshotPurger Purger => new(Expiry.Object, Tickets.Object, Catalog.Object, Content.Object, Audit.Object, Runs.Object, Eraser,
        Reconciler, Policy, MsOptions.Create(Retention), Clock, NullLogger<SnapshotPurger>.Instance);

    public Ticket Consented(string ticketId, params string[] categories) => new()
    {
        TicketId = ticketId,
        CustomerId = "cust-1",
        Sites = ["shop.example"],
        OpenedAt = Clock.GetUtcNow(),
        State = TicketState.Consented,
        Consent = new ConsentScope(categories, ["shop.example"], Clock.GetUtcNow(), Clock.GetUtcNow().AddHours(24)),
        KeyId = Keys.CurrentKeyId,
        Salt = TicketKey.NewSalt(),
        Version = "v1",
    };

    public Snapshot Snapshot(string ticketId, string snapshotId, DateTimeOffset expiresAt) => new()
    {
        TicketId = ticketId,
        SnapshotId = snapshotId,
        Category = "access",
        Source = "web-1",
        CapturedAt = expiresAt.AddHours(-1),
        ExpiresAt = expiresAt,
        Bytes = 100,
        StoredBytes = 60,
        Lines = 2,
        ContentType = "text/plain",
    };

    public void Holds(Ticket ticket) => Tickets.Setup(t => t.GetAsync(ticket.TicketId, It.IsAny<CancellationToken>())).ReturnsAsync(ticket);
}
