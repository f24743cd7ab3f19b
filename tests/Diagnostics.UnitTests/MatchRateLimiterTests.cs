using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;
using Diagnostics.Core.Storage;
using Moq;

namespace Diagnostics.UnitTests;

public sealed class MatchRateLimiterTests
{
    private static readonly Actor Agent = new(ActorKind.Agent, "agent.smith");

    private readonly OperationsFixture _f = new();

    public MatchRateLimiterTests()
    {
        _f.MatchLimits.PerCaller = 3;
        _f.MatchLimits.PerTicket = 5;
        _f.MatchLimits.Window = TimeSpan.FromMinutes(10);

        // 10:04:30: the window started at 10:00 and ends in 5 min 30 s.
        _f.Clock.Advance(TimeSpan.FromSeconds(270));
    }

    [Fact]
    public async Task TheCallerIsCountedThenTheTicketInTheCurrentFixedWindow()
    {
        var refusal = await _f.MatchLimiter.TryAcquireAsync(Agent, "T-1", CancellationToken.None);

        Assert.Null(refusal);
        var start = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        _f.RateCounters.Verify(r => r.TryTakeAsync(It.Is<string>(c => c.StartsWith("caller-", StringComparison.Ordinal) && !c.Contains("smith", StringComparison.Ordinal)), start, 3, It.IsAny<CancellationToken>()), Times.Once);
        _f.RateCounters.Verify(r => r.TryTakeAsync("ticket-T-1", start, 5, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ACallerOverTheirLimitIsRefusedUntilTheWindowEndsAndTheTicketIsNotCounted()
    {
        _f.RateCounters.Setup(r => r.TryTakeAsync(It.Is<string>(c => c.StartsWith("caller-", StringComparison.Ordinal)), It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(RateCount.LimitReached);

        var refusal = await _f.MatchLimiter.TryAcquireAsync(Agent, "T-1", CancellationToken.None);

        Assert.Equal(new MatchRateLimiter.Refusal("caller", TimeSpan.FromSeconds(330)), refusal);
        _f.RateCounters.Verify(r => r.TryTakeAsync("ticket-T-1", It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ATicketOverItsLimitIsRefusedWhoeverAsks()
    {
        _f.RateCounters.Setup(r => r.TryTakeAsync("ticket-T-1", It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync(RateCount.LimitReached);

        Assert.Equal("ticket", (await _f.MatchLimiter.TryAcquireAsync(new Actor(ActorKind.Agent, "someone.else"), "T-1", CancellationToken.None))?.Limit);
        Assert.Null(await _f.MatchLimiter.TryAcquireAsync(Agent, "T-2", CancellationToken.None));
    }

    [Fact]
    public async Task ACountThatCannotBeTakenIsARefusalNotAPass()
    {
        _f.RateCounters.Setup(r => r.TryTakeAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync(RateCount.Contended);

        Assert.Equal(new MatchRateLimiter.Refusal("busy", TimeSpan.FromSeconds(1)), await _f.MatchLimiter.TryAcquireAsync(Agent, "T-1", CancellationToken.None));
    }

    [Fact]
    public void CallersGetDistinctKeysThatAreValidTableKeysWhateverTheirName()
    {
        var keys = new[] { "agent.smith", "agent/smith#1?", "Agent.Smith", "agent.smith " }
            .Select(n => MatchRateLimiter.CallerCounter(new Actor(ActorKind.Agent, n)))
            .Append(MatchRateLimiter.CallerCounter(new Actor(ActorKind.Customer, "agent.smith")))
            .ToArray();

        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.All(keys, k => Assert.Matches("^caller-[0-9a-f]{40}$", k));
    }

    [Fact]
    public async Task ARefusedMatchIsAuditedAsRateLimitedAndReadsNothing()
    {
        var ticket = _f.Consented("T-1", "access");
        _f.Holds(ticket);
        _f.Catalog.Setup(c => c.GetAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ReturnsAsync(_f.Snapshot("T-1", "S-1", _f.Clock.GetUtcNow().AddHours(1)));
        _f.RateCounters.Setup(r => r.TryTakeAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync(RateCount.LimitReached);
        var written = new List<AuditEntry>();
        _f.Audit.Setup(a => a.AppendAsync(It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>())).Callback<AuditEntry, CancellationToken>((e, _) => written.Add(e));

        var read = await _f.Reader.ReadPageAsync("T-1", "S-1", ReadFilter.None with { Match = "203.0.113.7" }, PageRequest.First, Agent, CancellationToken.None);
        var plain = await _f.Reader.ReadPageAsync("T-1", "S-1", ReadFilter.None with { Match = "not an address" }, PageRequest.First, Agent, CancellationToken.None);

        Assert.Equal(ProblemKind.TooManyRequests, read.Problem?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(330), read.Problem?.RetryAfter);
        Assert.Equal(ProblemKind.Invalid, plain.Problem?.Kind);
        _f.Content.Verify(c => c.OpenReadAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        var entry = Assert.Single(written);
        Assert.Equal((AuditAction.SnapshotMatched, "rate-limited", "limit=caller"), (entry.Action, entry.Outcome, entry.Detail));
        Assert.DoesNotContain("203.0.113.7", entry.ToString(), StringComparison.Ordinal);

        // Only a valid match of a live snapshot is counted: the bad candidate never reached the counters.
        _f.RateCounters.Verify(r => r.TryTakeAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Once);
    }
}
