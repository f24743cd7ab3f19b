using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Diagnostics.EndToEndTests;

/// <summary>
/// A ticket registered with <c>prefixPreservingIps</c>: every way in (push, pull on consent) and match without reveal use the
/// prefix-preserving IPv4 pseudonyms; a ticket without it keeps the default ones. Over real HTTP, Azurite behind.
/// </summary>
public sealed class PrefixPreservingIpTests : IAsyncLifetime
{
    private static readonly string[] Clients = ["203.0.113.7", "203.0.113.9", "203.0.113.200", "198.51.100.23"];

    private readonly LocalHostFixture _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static string AccessLog(DateTimeOffset hour) => string.Concat(Clients.Select((c, i) =>
        $"{c} - - [{hour.AddMinutes(i):dd/MMM/yyyy:HH:mm:ss} +0000] \"GET /item/{i} HTTP/1.1\" 200 {100 + i} \"-\" \"Mozilla/5.0\"\n"));

    [Fact]
    public async Task PushedAndPulledSnapshotsOfAPrefixPreservingTicketKeepSubnetsAndMatchFindsThem()
    {
        var now = _host.Clock.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        await _host.Storage.SeedRawLogAsync("cust-42", "shop.example", hour, AccessLog(hour));

        var (status, opened) = await OpenAsync("T-9001", new { customerId = "cust-42", sites = new[] { "shop.example" }, prefixPreservingIps = true });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(opened.GetProperty("prefixPreservingIps").GetBoolean());
        Assert.Contains("also keep their networks", await _host.Http.GetStringAsync($"/api/consent/{opened.GetProperty("consentToken").GetString()}?lang=en"), StringComparison.Ordinal);
        await _host.AcceptAsync(opened.GetProperty("consentToken").GetString()!, "access");
        using (var push = await _host.Http.SendAsync(_host.Push("T-9001", "access", AccessLog(hour))))
        {
            Assert.Equal(HttpStatusCode.Created, push.StatusCode);
        }

        var list = JsonDocument.Parse(await ReadAsync("/api/tickets/T-9001/snapshots")).RootElement;
        Assert.True(list.GetProperty("prefixPreservingIps").GetBoolean());
        var snapshots = list.GetProperty("snapshots").EnumerateArray().ToArray();
        Assert.Equal(["pull-shop.example", "web-1"], snapshots.Select(s => s.GetProperty("source").GetString()).Order(StringComparer.Ordinal));

        string[]? first = null;
        foreach (var snapshot in snapshots)
        {
            var lines = (await ReadAsync($"/api/tickets/T-9001/snapshots/{snapshot.GetProperty("snapshotId").GetString()}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var pseudonyms = lines.Select(l => l[..l.IndexOf(' ', StringComparison.Ordinal)]).ToArray();
            Assert.All(pseudonyms, p => Assert.StartsWith("2001:db8:4:1::", p, StringComparison.Ordinal));

            // The three clients of 203.0.113.0/24 share the first 120 bits; the fourth does not.
            var prefixes = pseudonyms.Select(p => Convert.ToHexString(IPAddress.Parse(p).GetAddressBytes(), 0, 15)).ToArray();
            Assert.Single(prefixes[..3].Distinct());
            Assert.NotEqual(prefixes[0], prefixes[3]);
            Assert.Equal(4, pseudonyms.Distinct().Count());

            // Pushed or pulled, the same ticket gives the same pseudonyms.
            first ??= pseudonyms;
            Assert.Equal(first, pseudonyms);
        }

        using var match = LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-9001/snapshots/{snapshots[0].GetProperty("snapshotId").GetString()}");
        match.Headers.Add("X-Match-Candidate", "203.0.113.9");
        using var matched = await _host.Http.SendAsync(match);
        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        Assert.Equal(first![1], matched.Headers.GetValues("X-Match-Pseudonym").Single());
        Assert.Single((await matched.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // A neighbour the snapshot does not hold: no line, and no pseudonym either, whose prefix would say how near it is.
        using var absent = LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-9001/snapshots/{snapshots[0].GetProperty("snapshotId").GetString()}");
        absent.Headers.Add("X-Match-Candidate", "203.0.113.8");
        using var nothing = await _host.Http.SendAsync(absent);
        Assert.Equal(HttpStatusCode.OK, nothing.StatusCode);
        Assert.Equal("0", nothing.Headers.GetValues("X-Page-Lines").Single());
        Assert.False(nothing.Headers.Contains("X-Match-Pseudonym"));

        using var export = await _host.Http.GetAsync($"/api/consent/{opened.GetProperty("consentToken").GetString()}/data");
        Assert.True(JsonDocument.Parse(await export.Content.ReadAsStringAsync()).RootElement.GetProperty("prefixPreservingIps").GetBoolean());

        var stored = await _host.Storage.DumpAsync();
        var logged = string.Join('\n', _host.Logs.Lines);
        foreach (var raw in Clients)
        {
            Assert.DoesNotContain(raw, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(raw, logged, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ATicketWithoutTheOptionKeepsUnrelatedPseudonymsAndTheChoiceCannotChangeLater()
    {
        var (status, opened) = await OpenAsync("T-9002", new { customerId = "cust-42", sites = new[] { "shop.example" } });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.False(opened.GetProperty("prefixPreservingIps").GetBoolean());
        var page = await _host.Http.GetStringAsync($"/api/consent/{opened.GetProperty("consentToken").GetString()}?lang=en");
        Assert.Contains("How you are protected", page, StringComparison.Ordinal);
        Assert.DoesNotContain("networks", page, StringComparison.Ordinal);
        await _host.AcceptAsync(opened.GetProperty("consentToken").GetString()!, "access");
        using (var push = await _host.Http.SendAsync(_host.Push("T-9002", "access", AccessLog(_host.Clock.GetUtcNow()))))
        {
            Assert.Equal(HttpStatusCode.Created, push.StatusCode);
        }

        var list = JsonDocument.Parse(await ReadAsync("/api/tickets/T-9002/snapshots")).RootElement;
        Assert.False(list.GetProperty("prefixPreservingIps").GetBoolean());
        var lines = (await ReadAsync($"/api/tickets/T-9002/snapshots/{list.GetProperty("snapshots")[0].GetProperty("snapshotId").GetString()}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.StartsWith("2001:db8:4::", l, StringComparison.Ordinal));
        Assert.Equal(3, lines[..3].Select(l => Convert.ToHexString(IPAddress.Parse(l[..l.IndexOf(' ', StringComparison.Ordinal)]).GetAddressBytes(), 0, 15)).Distinct().Count());

        // The webhook repeated with the other choice is another registration: refused, nothing changed.
        var (conflict, _) = await OpenAsync("T-9002", new { customerId = "cust-42", sites = new[] { "shop.example" }, prefixPreservingIps = true });
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        var (same, again) = await OpenAsync("T-9002", new { customerId = "cust-42", sites = new[] { "shop.example" }, prefixPreservingIps = false });
        Assert.Equal(HttpStatusCode.OK, same);
        Assert.False(again.GetProperty("prefixPreservingIps").GetBoolean());
        Assert.False((await _host.Storage.Tickets.GetAsync("T-9002", CancellationToken.None))!.PrefixPreservingIps);
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    [InlineData("{}")]
    public async Task AnOptionThatIsNotABooleanIsRefusedAndNothingIsRegistered(string value)
    {
        using var request = _host.Ticketing(HttpMethod.Post, "/api/tickets/T-9003/opened");
        request.Content = new StringContent($$"""{"customerId": "cust-42", "sites": ["shop.example"], "prefixPreservingIps": {{value}}}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await _host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await _host.Storage.Tickets.GetAsync("T-9003", CancellationToken.None));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> OpenAsync(string ticketId, object body)
    {
        using var response = await _host.Http.SendAsync(_host.Ticketing(HttpMethod.Post, $"/api/tickets/{ticketId}/opened", body));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<string> ReadAsync(string path)
    {
        using var response = await _host.Http.SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
