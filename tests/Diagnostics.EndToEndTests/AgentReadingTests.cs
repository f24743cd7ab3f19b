using System.Net;
using System.Text;
using System.Text.Json;
using Diagnostics.Api.Security;

namespace Diagnostics.EndToEndTests;

/// <summary>What agents and auditors do over real HTTP: paged reads, match without reveal, the audit trail.</summary>
public sealed class AgentReadingTests : IAsyncLifetime
{
    private const string Candidate = "198.51.100.77";
    private const string OtherClient = "192.0.2.14";

    private readonly LocalHostFixture _host = new();

    public AgentReadingTests()
    {
        // The purge runs once a year, half a year from now, out of reach of the clock's moves here: a read just past
        // expiry must meet the expired snapshot (410), not the purge's work (404).
        var farMonth = ((_host.Clock.GetUtcNow().Month + 5) % 12) + 1;
        _host.Settings["Diagnostics:Retention:PurgeSchedule"] = $"0 0 0 1 {farMonth} *";
    }

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    /// <summary>2500 requests, one second apart; every seventh from the candidate, every tenth a 503.</summary>
    private static string LargeAccessLog()
    {
        var log = new StringBuilder();
        var start = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 2500; i++)
        {
            var client = i % 7 == 0 ? Candidate : OtherClient;
            var status = i % 10 == 0 ? 503 : 200;
            log.Append(client).Append(" - - [")
                .Append(start.AddSeconds(i).ToString("dd/MMM/yyyy:HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture))
                .Append("] \"GET /item/").Append(i).Append(" HTTP/1.1\" ").Append(status).Append(" 120 \"-\" \"Mozilla/5.0\"\n");
        }

        return log.ToString();
    }

    [Fact]
    public async Task ALargeSnapshotIsReadPageByPageInOrderWithFiltersAppliedBeforePaging()
    {
        var snapshotId = await CaptureAsync("T-6001", LargeAccessLog());

        var pages = new List<string[]>();
        long? offset = 0;
        while (offset is { } at)
        {
            var (status, headers, body) = await ReadAsync($"/api/tickets/T-6001/snapshots/{snapshotId}?offset={at}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(at.ToString(System.Globalization.CultureInfo.InvariantCulture), headers["X-Page-Offset"]);
            var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(lines.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), headers["X-Page-Lines"]);
            pages.Add(lines);
            offset = headers.TryGetValue("X-Next-Offset", out var next) ? long.Parse(next, System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        Assert.Equal([1000, 1000, 500], pages.Select(p => p.Length));
        var all = pages.SelectMany(p => p).ToArray();
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => $"/item/{i} "), all.Select(l => l[(l.IndexOf("/item/", StringComparison.Ordinal))..(l.IndexOf(" HTTP", StringComparison.Ordinal) + 1)]));

        // The 503s are every tenth request: 250 of them; a page of 100 from the 200th holds the 201st to the 250th.
        var (_, errorHeaders, errors) = await ReadAsync($"/api/tickets/T-6001/snapshots/{snapshotId}?status=5xx&offset=200&limit=100");
        var errorLines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(50, errorLines.Length);
        Assert.All(errorLines, l => Assert.Contains("\" 503 ", l, StringComparison.Ordinal));
        Assert.Contains("/item/2000 ", errorLines[0], StringComparison.Ordinal);
        Assert.False(errorHeaders.ContainsKey("X-Next-Offset"));

        var (_, limitedHeaders, limited) = await ReadAsync($"/api/tickets/T-6001/snapshots/{snapshotId}?limit=10000");
        Assert.Equal(2500, limited.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.False(limitedHeaders.ContainsKey("X-Next-Offset"));
    }

    [Theory]
    [InlineData("offset=-1")]
    [InlineData("offset=abc")]
    [InlineData("offset=1.5")]
    [InlineData("limit=0")]
    [InlineData("limit=10001")]
    [InlineData("limit=1e3")]
    [InlineData("status=6xx")]
    [InlineData("status=200")]
    [InlineData("from=yesterday")]
    [InlineData("from=2026-11-26T11:00:00Z&to=2026-11-26T10:00:00Z")]
    [InlineData("status=2&status=5")]
    [InlineData("limit=10&limit=20")]
    [InlineData("match=not-an-address")]
    public async Task BadReadParametersAreRefusedWithProblemDetailsAndNothingIsAudited(string query)
    {
        var snapshotId = await CaptureAsync("T-6002", LargeAccessLog());
        var auditBefore = (await _host.Storage.Audit.ListAsync("T-6002", 1000, CancellationToken.None)).Count;

        using var response = await _host.Http.SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-6002/snapshots/{snapshotId}?{query}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(auditBefore, (await _host.Storage.Audit.ListAsync("T-6002", 1000, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task AMatchCandidateInAHeaderFindsThatClientsLinesAndIsNeverStoredLoggedOrAnswered()
    {
        var snapshotId = await CaptureAsync("T-6003", LargeAccessLog());
        var (_, _, everything) = await ReadAsync($"/api/tickets/T-6003/snapshots/{snapshotId}?limit=10000");
        var all = everything.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var byHeader = LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-6003/snapshots/{snapshotId}?limit=10000");
        byHeader.Headers.Add("X-Match-Candidate", Candidate);
        var (status, headers, matched) = await SendAsync(byHeader);
        var (_, _, byQuery) = await ReadAsync($"/api/tickets/T-6003/snapshots/{snapshotId}?limit=10000&match={Candidate}");

        Assert.Equal(HttpStatusCode.OK, status);
        var matchedLines = matched.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var pseudonym = headers["X-Match-Pseudonym"];
        Assert.StartsWith("2001:db8:4::", pseudonym, StringComparison.Ordinal);
        Assert.Equal(all.Where((_, i) => i % 7 == 0), matchedLines);
        Assert.All(matchedLines, l => Assert.StartsWith(pseudonym + " ", l, StringComparison.Ordinal));
        Assert.Equal(matched, byQuery);

        var both = LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-6003/snapshots/{snapshotId}?match={OtherClient}");
        both.Headers.Add("X-Match-Candidate", Candidate);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(both)).Status);

        var audit = await _host.Storage.Audit.ListAsync("T-6003", 100, CancellationToken.None);
        Assert.Equal(2, audit.Count(e => e.Action == "snapshot.matched" && e.Outcome == "ok" && e.Detail!.Contains("match", StringComparison.Ordinal)));
        var stored = await _host.Storage.DumpAsync();
        var logged = string.Join('\n', _host.Logs.Lines);
        Assert.NotEmpty(_host.Logs.Lines);
        foreach (var raw in new[] { Candidate, OtherClient })
        {
            Assert.DoesNotContain(raw, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(raw, logged, StringComparison.Ordinal);
            Assert.DoesNotContain(raw, matched, StringComparison.Ordinal);
            Assert.DoesNotContain(raw, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadsOfExpiredSnapshotsAreAuditedAndProbesOfMissingOnesLeaveNothing()
    {
        var snapshotId = await CaptureAsync("T-6004", "203.0.113.9 - - [26/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"\n");

        Assert.Equal(HttpStatusCode.NotFound, (await ReadAsync("/api/tickets/T-6004/snapshots/no-such-snapshot")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ReadAsync("/api/tickets/T-6404/snapshots")).Status);
        _host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Gone, (await ReadAsync($"/api/tickets/T-6004/snapshots/{snapshotId}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/tickets/T-6004/snapshots/{snapshotId}"))).Status);

        var entries = await _host.Storage.Audit.ListAsync("T-6004", 100, CancellationToken.None);
        var agentEntry = Assert.Single(entries, e => e.ActorKind == "agent");
        Assert.Equal(("snapshot.read", snapshotId, "expired", "agent.smith"), (agentEntry.Action, agentEntry.SnapshotId, agentEntry.Outcome, agentEntry.Actor));

        // Unknown ids and anonymous attempts leave no entry: nothing was accessed, and nothing may change.
        Assert.Empty(await _host.Storage.Audit.ListAsync("T-6404", 100, CancellationToken.None));
    }

    [Fact]
    public async Task TheAuditorSeesEveryAccessFilteredByTicketActionAndTimeAndAnAgentCannot()
    {
        // The clock moves between steps: entries of one instant have no order among themselves.
        var token = await _host.OpenTicketAsync("T-6005");
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        await _host.AcceptAsync(token, "access");
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        var snapshotId = await PushAsync("T-6005", LargeAccessLog());
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        var listedAt = _host.Clock.GetUtcNow();
        await ReadAsync("/api/tickets/T-6005/snapshots");
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await ReadAsync($"/api/tickets/T-6005/snapshots/{snapshotId}?status=5");
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        var matchRequest = LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-6005/snapshots/{snapshotId}");
        matchRequest.Headers.Add("X-Match-Candidate", Candidate);
        await SendAsync(matchRequest);
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        using (var export = await _host.Http.GetAsync($"/api/consent/{token}/data"))
        {
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            await export.Content.ReadAsStringAsync();
        }

        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        using (var revoke = await _host.Http.DeleteAsync($"/api/consent/{token}"))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, "/api/admin/audit?ticketId=T-6005"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/admin/audit?ticketId=T-6005"))).Status);

        var trail = await AuditAsync("ticketId=T-6005");
        // The pull runs inside the accept request, at the same instant as the consent: those two have no order.
        var actions = trail.Select(e => e.GetProperty("action").GetString()!).ToArray();
        Assert.Equal(["consent.revoked", "data.exported", "snapshot.matched", "snapshot.read", "snapshots.listed", "snapshot.pushed"], actions[..6]);
        Assert.Equal(["consent.accepted", "snapshot.pulled"], actions[6..8].Order(StringComparer.Ordinal));
        Assert.Equal(["ticket.opened"], actions[8..]);
        var matched = trail.Single(e => e.GetProperty("action").GetString() == "snapshot.matched");
        Assert.Equal("agent.smith", matched.GetProperty("actor").GetString());
        Assert.Equal("ok", matched.GetProperty("outcome").GetString());
        Assert.DoesNotContain(Candidate, matched.ToString(), StringComparison.Ordinal);

        Assert.Equal(["snapshot.read"], (await AuditAsync("ticketId=T-6005&action=snapshot.read")).Select(e => e.GetProperty("action").GetString()));
        var window = await AuditAsync($"ticketId=T-6005&from={Uri.EscapeDataString(listedAt.AddSeconds(30).ToString("O"))}&to={Uri.EscapeDataString(listedAt.AddSeconds(90).ToString("O"))}");
        Assert.Equal(["snapshot.matched", "snapshot.read"], window.Select(e => e.GetProperty("action").GetString()));
        Assert.Contains(await AuditAsync("action=consent.revoked"), e => e.GetProperty("ticketId").GetString() == "T-6005");

        foreach (var bad in new[] { "action=snapshot.deleted", "from=soon", "max=0", "ticketId=a/b", "action=snapshot.read&action=snapshot.read" })
        {
            var (status, _, body) = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/admin/audit?{bad}", Roles.Auditor));
            Assert.True(status == HttpStatusCode.BadRequest, $"{bad} answered {status}: {body}");
        }
    }

    private async Task<string> CaptureAsync(string ticketId, string log)
    {
        var token = await _host.OpenTicketAsync(ticketId);
        await _host.AcceptAsync(token, "access");
        return await PushAsync(ticketId, log);
    }

    private async Task<string> PushAsync(string ticketId, string log)
    {
        var (status, _, body) = await SendAsync(_host.Push(ticketId, "access", log));
        Assert.Equal(HttpStatusCode.Created, status);
        return JsonDocument.Parse(body).RootElement.GetProperty("snapshotId").GetString()!;
    }

    private async Task<JsonElement[]> AuditAsync(string query)
    {
        var (status, _, body) = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/admin/audit?{query}", Roles.Auditor));
        Assert.Equal(HttpStatusCode.OK, status);
        return JsonDocument.Parse(body).RootElement.GetProperty("entries").EnumerateArray().ToArray();
    }

    private Task<(HttpStatusCode Status, Dictionary<string, string> Headers, string Body)> ReadAsync(string path) =>
        SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, path));

    private async Task<(HttpStatusCode Status, Dictionary<string, string> Headers, string Body)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await _host.Http.SendAsync(request))
        {
            var headers = response.Headers.ToDictionary(h => h.Key, h => string.Join(',', h.Value), StringComparer.OrdinalIgnoreCase);
            return (response.StatusCode, headers, await response.Content.ReadAsStringAsync());
        }
    }
}
