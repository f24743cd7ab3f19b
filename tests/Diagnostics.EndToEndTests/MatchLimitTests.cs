using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Diagnostics.Api.Security;
using Diagnostics.Core.Domain;

namespace Diagnostics.EndToEndTests;

/// <summary>
/// Match without reveal is an oracle, so it is rate-limited per caller and per ticket, over real HTTP, with the counters in
/// Azurite shared by two instances of the local host.
/// </summary>
public sealed class MatchLimitTests : IAsyncLifetime
{
    private const string Candidate = "198.51.100.77";
    private const string Log = "198.51.100.77 - - [26/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"\n" +
                               "192.0.2.14 - - [26/Nov/2026:10:00:01 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"x\"\n";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly LocalHostFixture _first = new();
    private LocalHostFixture _second = null!;

    public MatchLimitTests()
    {
        _first.Settings["Diagnostics:MatchLimits:PerCaller"] = "3";
        _first.Settings["Diagnostics:MatchLimits:PerTicket"] = "5";
        _first.Settings["Diagnostics:MatchLimits:Window"] = "00:10:00";

        // One minute into a window: Retry-After is then exactly what is left of it.
        var now = _first.Clock.GetUtcNow();
        _first.Clock.SetUtcNow(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Window.Ticks), TimeSpan.Zero) + Window + TimeSpan.FromMinutes(1));
    }

    public async Task InitializeAsync()
    {
        await _first.InitializeAsync();

        // A second instance of the app on the same storage, with the same key and the same time.
        _second = new LocalHostFixture(_first.Storage);
        foreach (var (key, value) in _first.Settings)
        {
            _second.Settings[key] = value;
        }

        _second.Clock.SetUtcNow(_first.Clock.GetUtcNow());
        await _second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task OverTheLimitAMatchGets429WithRetryAfterAcrossInstancesAndNothingOfTheCandidateIsKept()
    {
        var token = await _first.OpenTicketAsync("T-8001");
        await _first.AcceptAsync(token, "access");
        using var pushed = await _first.Http.SendAsync(_first.Push("T-8001", "access", Log));
        Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        var snapshotId = JsonDocument.Parse(await pushed.Content.ReadAsStringAsync()).RootElement.GetProperty("snapshotId").GetString()!;
        var path = $"/api/tickets/T-8001/snapshots/{snapshotId}";

        // agent.smith: two matches on one instance, one on the other, then the fourth is refused wherever it goes.
        Assert.Equal(HttpStatusCode.OK, (await MatchAsync(_first, path, "agent.smith")).Status);
        Assert.Equal(HttpStatusCode.OK, (await MatchAsync(_first, path, "agent.smith")).Status);
        Assert.Equal(HttpStatusCode.OK, (await MatchAsync(_second, path, "agent.smith")).Status);
        var refused = await MatchAsync(_second, path, "agent.smith");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        Assert.Equal("540", refused.RetryAfter);
        var problem = JsonDocument.Parse(refused.Body).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("retry in 540 s", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await MatchAsync(_first, path, "agent.smith")).Status);

        // Reads without a match are not limited.
        using (var read = await _first.Http.SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, path)))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        // The ticket's own limit (5) counts every caller: agent.jones gets the two left, then 429.
        Assert.Equal(HttpStatusCode.OK, (await MatchAsync(_second, path, "agent.jones")).Status);
        Assert.Equal(HttpStatusCode.OK, (await MatchAsync(_first, path, "agent.jones")).Status);
        var ticketRefusal = await MatchAsync(_first, path, "agent.jones");
        Assert.Equal(HttpStatusCode.TooManyRequests, ticketRefusal.Status);
        Assert.Contains("This ticket", JsonDocument.Parse(ticketRefusal.Body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The next window opens both limits again, on both instances.
        _first.Clock.Advance(TimeSpan.FromMinutes(9));
        _second.Clock.Advance(TimeSpan.FromMinutes(9));
        var again = await MatchAsync(_second, path, "agent.smith");
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Single(again.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // Refusals are audited (who, which limit), never with the candidate.
        var audit = await _first.Storage.Audit.ListAsync("T-8001", 100, CancellationToken.None);
        var limited = audit.Where(e => e.Outcome == "rate-limited").ToArray();
        Assert.Equal(3, limited.Length);
        Assert.All(limited, e => Assert.Equal(AuditAction.SnapshotMatched, e.Action));
        Assert.Equal(["agent.jones:limit=ticket", "agent.smith:limit=caller", "agent.smith:limit=caller"], limited.Select(e => $"{e.Actor}:{e.Detail}").Order(StringComparer.Ordinal));
        Assert.Equal(6, audit.Count(e => e.Action == AuditAction.SnapshotMatched && e.Outcome == "ok"));

        var stored = await _first.Storage.DumpAsync();
        var logged = string.Join('\n', _first.Logs.Lines.Concat(_second.Logs.Lines));
        Assert.NotEmpty(_first.Logs.Lines);
        Assert.DoesNotContain(Candidate, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Candidate, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(Candidate, refused.Body, StringComparison.Ordinal);

        // The counters: one row per caller, keyed by a hash of the principal, and one for the ticket.
        var counters = new List<string>();
        await foreach (var row in _first.Storage.TableService.GetTableClient(_first.Storage.TablePrefix + "ratecounters").QueryAsync<TableEntity>())
        {
            counters.Add($"{row.PartitionKey}={row.GetInt32("Count")}");
        }

        Assert.Equal(3, counters.Count);
        Assert.Contains("ticket-T-8001=1", counters);
        Assert.DoesNotContain(counters, c => c.Contains("agent", StringComparison.Ordinal) || c.Contains("smith", StringComparison.Ordinal));
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, string? RetryAfter, string Body)> MatchAsync(LocalHostFixture host, string path, string agent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ClientPrincipal.HeaderName, ClientPrincipal.Create(agent, [Roles.Agent]).Encode());
        request.Headers.Add("X-Match-Candidate", Candidate);
        using var response = await host.Http.SendAsync(request);
        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? ((long)delta.TotalSeconds).ToString(CultureInfo.InvariantCulture) : null;
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, retryAfter, await response.Content.ReadAsStringAsync());
    }
}
