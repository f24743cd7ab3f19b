using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;
using Moq;

namespace Diagnostics.UnitTests;

public sealed class SnapshotIngestorTests
{
    private readonly OperationsFixture _f = new();

    [Fact]
    public async Task APushBeforeConsentIsForbiddenAndWritesNothing()
    {
        _f.Holds(_f.Consented("T-1", "access") with { State = TicketState.Opened, Consent = null });
        var outcome = await Push("T-1", "access");
        Assert.Equal(ProblemKind.Forbidden, outcome.Problem?.Kind);
        AssertNothingWritten();
    }

    [Fact]
    public async Task APushOutsideTheConsentedCategoriesIsForbidden()
    {
        _f.Holds(_f.Consented("T-1", "access"));
        Assert.Equal(ProblemKind.Forbidden, (await Push("T-1", "error")).Problem?.Kind);
        AssertNothingWritten();
    }

    [Fact]
    public async Task APushAfterTheWindowIsForbidden()
    {
        _f.Holds(_f.Consented("T-1", "access"));
        _f.Clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(ProblemKind.Forbidden, (await Push("T-1", "access")).Problem?.Kind);
        AssertNothingWritten();
    }

    [Fact]
    public async Task APushAfterTheTicketClosedIsForbidden()
    {
        _f.Holds(_f.Consented("T-1", "access") with { ClosedAt = _f.Clock.GetUtcNow().AddMinutes(-1) });
        Assert.Equal(ProblemKind.Forbidden, (await Push("T-1", "access")).Problem?.Kind);
        AssertNothingWritten();
    }

    [Fact]
    public async Task APushToAnErasedTicketIsForbidden()
    {
        _f.Holds(_f.Consented("T-1", "access") with { State = TicketState.Erased, Salt = null });
        Assert.Equal(ProblemKind.Forbidden, (await Push("T-1", "access")).Problem?.Kind);
        AssertNothingWritten();
    }

    [Theory]
    [InlineData("logs", "web-1", "text/plain", null)]
    [InlineData("access", "", "text/plain", null)]
    [InlineData("access", "web/../1", "text/plain", null)]
    [InlineData("access", "web-1", "application/json", null)]
    [InlineData("access", "web-1", "text/plain; charset=latin1", null)]
    [InlineData("access", "web-1", "text/plain", "br")]
    public async Task InvalidPushesAreRefusedBeforeStorage(string category, string source, string contentType, string? encoding)
    {
        var outcome = await _f.Ingestor.PushAsync("T-1", new PushRequest(category, source, contentType, encoding, 10), Stream.Null, CancellationToken.None);
        Assert.NotNull(outcome.Problem);
        _f.Tickets.VerifyNoOtherCalls();
        AssertNothingWritten();
    }

    private Task<Outcome<Snapshot>> Push(string ticketId, string category) =>
        _f.Ingestor.PushAsync(ticketId, new PushRequest(category, "web-1", "text/plain", null, 10), new MemoryStream("1.2.3.4 x\n"u8.ToArray()), CancellationToken.None);

    private void AssertNothingWritten()
    {
        _f.Content.VerifyNoOtherCalls();
        _f.Catalog.Verify(c => c.AddAsync(It.IsAny<Snapshot>(), It.IsAny<CancellationToken>()), Times.Never);
        _f.Expiry.VerifyNoOtherCalls();
    }
}
