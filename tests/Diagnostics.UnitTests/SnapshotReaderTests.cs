using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;
using Moq;

namespace Diagnostics.UnitTests;

public sealed class SnapshotReaderTests
{
    private readonly OperationsFixture _f = new();

    [Fact]
    public async Task AnExpiredSnapshotIsNeverServedEvenBeforeThePurge()
    {
        var ticket = _f.Consented("T-1", "access");
        _f.Holds(ticket);
        var snapshot = _f.Snapshot("T-1", "S-1", _f.Clock.GetUtcNow().AddMinutes(5));
        _f.Catalog.Setup(c => c.GetAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ReturnsAsync(snapshot);
        _f.Catalog.Setup(c => c.ListAsync("T-1", It.IsAny<CancellationToken>())).ReturnsAsync([snapshot]);

        _f.Clock.Advance(TimeSpan.FromMinutes(5));

        var read = await _f.Reader.OpenAsync("T-1", "S-1", ReadFilter.None, new Actor(ActorKind.Agent, "a"), CancellationToken.None);
        Assert.Equal(ProblemKind.Gone, read.Problem?.Kind);
        _f.Content.Verify(c => c.OpenReadAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        var list = await _f.Reader.ListAsync("T-1", new Actor(ActorKind.Agent, "a"), CancellationToken.None);
        Assert.Empty(list.Value!);
    }

    [Fact]
    public async Task AMatchForSomethingThatIsNoIdentifierIsRefusedAndNotAudited()
    {
        var ticket = _f.Consented("T-1", "access");
        _f.Holds(ticket);
        _f.Catalog.Setup(c => c.GetAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ReturnsAsync(_f.Snapshot("T-1", "S-1", _f.Clock.GetUtcNow().AddHours(1)));
        var read = await _f.Reader.OpenAsync("T-1", "S-1", ReadFilter.None with { Match = "not an address" }, new Actor(ActorKind.Agent, "a"), CancellationToken.None);
        Assert.Equal(ProblemKind.Invalid, read.Problem?.Kind);
        _f.Audit.Verify(a => a.AppendAsync(It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task AReadIsAuditedWithoutTheCandidateValue()
    {
        var ticket = _f.Consented("T-1", "access");
        _f.Holds(ticket);
        _f.Catalog.Setup(c => c.GetAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ReturnsAsync(_f.Snapshot("T-1", "S-1", _f.Clock.GetUtcNow().AddHours(1)));
        _f.Content.Setup(c => c.OpenReadAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ReturnsAsync(new MemoryStream());
        AuditEntry? written = null;
        _f.Audit.Setup(a => a.AppendAsync(It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>())).Callback<AuditEntry, CancellationToken>((e, _) => written = e);

        var read = await _f.Reader.OpenAsync("T-1", "S-1", ReadFilter.None with { Match = "203.0.113.7" }, new Actor(ActorKind.Agent, "agent.smith"), CancellationToken.None);

        Assert.NotNull(read.Value);
        Assert.NotNull(written);
        Assert.Equal(AuditAction.SnapshotMatched, written.Action);
        Assert.Equal("agent.smith", written.Actor);
        Assert.DoesNotContain("203.0.113.7", written.ToString(), StringComparison.Ordinal);
    }
}
