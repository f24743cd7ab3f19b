using System.IO.Compression;
using System.Text;
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

        var read = await _f.Reader.ReadPageAsync("T-1", "S-1", ReadFilter.None, PageRequest.First, new Actor(ActorKind.Agent, "a"), CancellationToken.None);
        Assert.Equal(ProblemKind.Gone, read.Problem?.Kind);
        _f.Content.Verify(c => c.OpenReadAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        var list = await _f.Reader.ListAsync("T-1", new Actor(ActorKind.Agent, "a"), CancellationToken.None);
        Assert.Empty(list.Value!.Snapshots);
    }

    [Fact]
    public async Task AMatchForSomethingThatIsNoIdentifierIsRefusedAndNotAudited()
    {
        var ticket = _f.Consented("T-1", "access");
        _f.Holds(ticket);
        _f.Catalog.Setup(c => c.GetAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ReturnsAsync(_f.Snapshot("T-1", "S-1", _f.Clock.GetUtcNow().AddHours(1)));
        var read = await _f.Reader.ReadPageAsync("T-1", "S-1", ReadFilter.None with { Match = "not an address" }, PageRequest.First, new Actor(ActorKind.Agent, "a"), CancellationToken.None);
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

        var read = await _f.Reader.ReadPageAsync("T-1", "S-1", ReadFilter.None with { Match = "203.0.113.7" }, PageRequest.First, new Actor(ActorKind.Agent, "agent.smith"), CancellationToken.None);

        Assert.NotNull(read.Value);
        Assert.NotNull(written);
        Assert.Equal(AuditAction.SnapshotMatched, written.Action);
        Assert.Equal("agent.smith", written.Actor);
        Assert.DoesNotContain("203.0.113.7", written.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredSnapshotReadByAnAgentIsAuditedAndAMissingOneIsNot()
    {
        var ticket = _f.Consented("T-1", "access");
        _f.Holds(ticket);
        _f.Catalog.Setup(c => c.GetAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ReturnsAsync(_f.Snapshot("T-1", "S-1", _f.Clock.GetUtcNow()));
        var written = new List<AuditEntry>();
        _f.Audit.Setup(a => a.AppendAsync(It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>())).Callback<AuditEntry, CancellationToken>((e, _) => written.Add(e));
        var agent = new Actor(ActorKind.Agent, "agent.smith");

        var expired = await _f.Reader.ReadPageAsync("T-1", "S-1", ReadFilter.None, PageRequest.First, agent, CancellationToken.None);
        var missing = await _f.Reader.ReadPageAsync("T-1", "S-2", ReadFilter.None with { Match = "203.0.113.7" }, PageRequest.First, agent, CancellationToken.None);
        var unknownTicket = await _f.Reader.ListAsync("T-9", agent, CancellationToken.None);

        Assert.Equal(ProblemKind.Gone, expired.Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, missing.Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, unknownTicket.Problem?.Kind);
        Assert.Equal(
            [(AuditAction.SnapshotRead, "S-1", "expired")],
            written.Select(e => (e.Action, e.SnapshotId, e.Outcome)));
        Assert.All(written, e => Assert.Equal("agent.smith", e.Actor));
        Assert.DoesNotContain(written, e => e.ToString().Contains("203.0.113.7", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 3, "a1 b2 c3", 3L)]
    [InlineData(3, 3, "d4 e5", null)]
    [InlineData(5, 3, "", null)]
    [InlineData(0, 5, "a1 b2 c3 d4 e5", null)]
    [InlineData(1, 1, "b2", 2L)]
    public async Task APageHoldsLimitLinesFromOffsetAndSaysWhetherMoreFollow(long offset, int limit, string expected, long? next)
    {
        var page = await ReadAsync("a1\nb2\nc3\nd4\ne5\n", ReadFilter.None, new PageRequest(offset, limit));

        Assert.Equal(expected, string.Join(' ', Lines(page)));
        Assert.Equal(next, page.NextOffset);
        Assert.Equal(offset, page.Offset);
        Assert.Equal(Lines(page).Length, page.Lines);
    }

    [Fact]
    public async Task FiltersApplyBeforePaging()
    {
        var content = string.Concat(Enumerable.Range(1, 9).Select(i => $"x [26/Nov/2026:10:00:0{i} +0000] \"GET /{i} HTTP/1.1\" {(i % 3 == 0 ? 500 : 200)} 1\n"));

        var first = await ReadAsync(content, ReadFilter.None with { StatusClass = 5 }, new PageRequest(0, 2));
        var second = await ReadAsync(content, ReadFilter.None with { StatusClass = 5 }, new PageRequest(first.NextOffset!.Value, 2));

        Assert.Equal(["/3", "/6"], Lines(first).Select(RequestPath));
        Assert.Equal(2, first.NextOffset);
        Assert.Equal(["/9"], Lines(second).Select(RequestPath));
        Assert.Null(second.NextOffset);
    }

    [Fact]
    public async Task APageEndsBeforeItsByteBoundButHoldsAtLeastOneLine()
    {
        var big = new string('x', (PageRequest.MaxBytes / 2) + 10);
        var page = await ReadAsync($"{big}\n{big}\n{big}\n", ReadFilter.None, new PageRequest(0, 10));
        Assert.Equal(1, page.Lines);
        Assert.Equal(1, page.NextOffset);

        var huge = new string('y', PageRequest.MaxBytes + 10);
        var alone = await ReadAsync($"{huge}\nz\n", ReadFilter.None, new PageRequest(0, 10));
        Assert.Equal(1, alone.Lines);
        Assert.Equal(1, alone.NextOffset);
    }

    private async Task<SnapshotPage> ReadAsync(string content, ReadFilter filter, PageRequest page)
    {
        var ticket = _f.Consented("T-1", "access");
        _f.Holds(ticket);
        _f.Catalog.Setup(c => c.GetAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ReturnsAsync(_f.Snapshot("T-1", "S-1", _f.Clock.GetUtcNow().AddHours(1)));
        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(content));
        }

        gzipped.Position = 0;
        _f.Content.Setup(c => c.OpenReadAsync("T-1", "S-1", It.IsAny<CancellationToken>())).ReturnsAsync(gzipped);
        var read = await _f.Reader.ReadPageAsync("T-1", "S-1", filter, page, new Actor(ActorKind.Agent, "a"), CancellationToken.None);
        return read.Value ?? throw new InvalidOperationException(read.Problem!.Detail);
    }

    private static string[] Lines(SnapshotPage page) =>
        Encoding.UTF8.GetString(page.Content.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string RequestPath(string line) => line.Split(' ')[4];
}
