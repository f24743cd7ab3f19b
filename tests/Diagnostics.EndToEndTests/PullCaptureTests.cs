using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Diagnostics.Core.Domain;
using Diagnostics.StorageTests.Support;

namespace Diagnostics.EndToEndTests;

/// <summary>Capture on consent: accepting reads the platform's raw logs from the source container, over real HTTP and Azurite.</summary>
public sealed class PullCaptureTests : IAsyncLifetime
{
    private static readonly string[] RawIdentifiers =
        ["203.0.113.7", "198.51.100.23", "192.0.2.200", "2001:db8:85a3::8a2e:370:7334", "alice@example.com", "bob.martin@shop.example"];

    private readonly LocalHostFixture _host = new();
    private readonly List<string> _responses = [];

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private DateTimeOffset ThisHour
    {
        get
        {
            var now = _host.Clock.GetUtcNow();
            return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        }
    }

    [Fact]
    public async Task AcceptingPullsTheConsentedSitesHoursAndStoresThemPseudonymized()
    {
        var token = await OpenAsync("T-7001", "shop.example", "blog.example");
        // The previous hour ends without a newline; the current hour is being written.
        await _host.Storage.SeedRawLogAsync("cust-42", "shop.example", ThisHour.AddHours(-1), AccessLog(ThisHour.AddHours(-1)).TrimEnd('\n'));
        await _host.Storage.SeedRawLogAsync("cust-42", "shop.example", ThisHour, AccessLog(ThisHour));
        // Outside what the customer consents to: before the lookback, a site left out, another customer.
        await _host.Storage.SeedRawLogAsync("cust-42", "shop.example", ThisHour.AddHours(-26), "203.0.113.7 too old\n");
        await _host.Storage.SeedRawLogAsync("cust-42", "blog.example", ThisHour, "203.0.113.7 not consented\n");
        await _host.Storage.SeedRawLogAsync("cust-7", "shop.example", ThisHour, "203.0.113.7 another customer\n");

        var accepted = await SendAsync(Accept(token, sites: ["shop.example"]));

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        var pulled = Assert.Single(JsonDocument.Parse(accepted.Body).RootElement.GetProperty("captured").EnumerateArray());
        Assert.Equal("shop.example", pulled.GetProperty("site").GetString());
        Assert.Equal("captured", pulled.GetProperty("status").GetString());
        Assert.Equal(8, pulled.GetProperty("lines").GetInt64());

        var list = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, "/api/tickets/T-7001/snapshots"));
        var listed = Assert.Single(JsonDocument.Parse(list.Body).RootElement.GetProperty("snapshots").EnumerateArray());
        Assert.Equal("pull-shop.example", listed.GetProperty("source").GetString());
        Assert.Equal(6, listed.GetProperty("redactions").GetProperty("ipv4").GetInt64());
        Assert.Equal(2, listed.GetProperty("redactions").GetProperty("ipv6").GetInt64());
        Assert.Equal(4, listed.GetProperty("redactions").GetProperty("email").GetInt64());

        var read = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-7001/snapshots/{listed.GetProperty("snapshotId").GetString()}"));
        var lines = read.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        Assert.Contains($"[{ThisHour.AddHours(-1):dd/MMM/yyyy:HH}:05:00 +0000] \"GET /cart HTTP/1.1\" 500 512", lines[0]);
        Assert.Contains($"[{ThisHour:dd/MMM/yyyy:HH}:05:00 +0000] \"GET /cart HTTP/1.1\" 500 512", lines[4]);
        Assert.DoesNotContain(lines, l => l.Contains("too old") || l.Contains("not consented") || l.Contains("another customer"));

        var audit = await _host.Storage.Audit.ListAsync("T-7001", 50, CancellationToken.None);
        Assert.Contains(audit, e => e.Action == AuditAction.SnapshotPulled && e.Outcome == "ok" && e.ActorKind == ActorKind.System);
        await AssertNoRawIdentifierAnywhereAsync();
    }

    [Fact]
    public async Task APullRefusedOnTheWayKeepsTheConsentAndStoresNothing()
    {
        var token = await OpenAsync("T-7002", "shop.example");
        // One line longer than the 64 KiB line limit: the whole snapshot is refused while streaming.
        await _host.Storage.SeedRawLogAsync("cust-42", "shop.example", ThisHour,
            AccessLog(ThisHour) + "203.0.113.7 - - \"GET /?q=" + new string('a', 70 * 1024) + "\" 200 1\n");

        var accepted = await SendAsync(Accept(token));

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        var answer = JsonDocument.Parse(accepted.Body).RootElement;
        Assert.Equal("consented", answer.GetProperty("state").GetString());
        Assert.Equal("refused", Assert.Single(answer.GetProperty("captured").EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal(TicketState.Consented, (await _host.Storage.Tickets.GetAsync("T-7002", CancellationToken.None))!.State);
        Assert.Empty(await _host.Storage.Snapshots.ListAsync("T-7002", CancellationToken.None));
        Assert.Equal(string.Empty, (await StorageDump.ReadBlobsAsync(_host.Storage.BlobService, _host.Storage.ContainerName)).Trim());
        Assert.DoesNotContain("Kind = snapshot", await _host.Storage.DumpAsync(), StringComparison.Ordinal);

        // The consent stands: a collector may still push.
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(_host.Push("T-7002", "access", AccessLog(ThisHour)))).Status);
        await AssertNoRawIdentifierAnywhereAsync();
    }

    [Fact]
    public async Task DecliningNeverPullsAnything()
    {
        var token = await OpenAsync("T-7003", "shop.example");
        await _host.Storage.SeedRawLogAsync("cust-42", "shop.example", ThisHour, AccessLog(ThisHour));

        var declined = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/consent/{token}")
        {
            Content = JsonContent.Create(new { decision = "decline", categories = new[] { "access" } }),
        });

        Assert.Equal(HttpStatusCode.OK, declined.Status);
        Assert.Empty(JsonDocument.Parse(declined.Body).RootElement.GetProperty("captured").EnumerateArray());
        Assert.Equal(string.Empty, (await StorageDump.ReadBlobsAsync(_host.Storage.BlobService, _host.Storage.ContainerName)).Trim());
        Assert.DoesNotContain(await _host.Storage.Audit.ListAsync("T-7003", 50, CancellationToken.None), e => e.Action == AuditAction.SnapshotPulled);
        await AssertNoRawIdentifierAnywhereAsync();
    }

    [Fact]
    public async Task AcceptingWithoutAccessLogsPullsNothing()
    {
        var token = await OpenAsync("T-7004", "shop.example");
        await _host.Storage.SeedRawLogAsync("cust-42", "shop.example", ThisHour, AccessLog(ThisHour));

        var accepted = await SendAsync(Accept(token, categories: ["error"]));

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Empty(JsonDocument.Parse(accepted.Body).RootElement.GetProperty("captured").EnumerateArray());
        Assert.Empty(await _host.Storage.Snapshots.ListAsync("T-7004", CancellationToken.None));
    }

    /// <summary>Four requests of an hour, with the identifiers a real access log carries.</summary>
    internal static string AccessLog(DateTimeOffset hour) =>
        $"203.0.113.7 - - [{hour:dd/MMM/yyyy:HH}:05:00 +0000] \"GET /cart HTTP/1.1\" 500 512 \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.6099.224\"\n" +
        $"198.51.100.23 - - [{hour:dd/MMM/yyyy:HH}:06:10 +0000] \"POST /login?next=/ HTTP/1.1\" 302 0 \"https://shop.example/\" \"curl/8.5.0\"\n" +
        $"2001:db8:85a3::8a2e:370:7334 - - [{hour:dd/MMM/yyyy:HH}:07:20 +0000] \"GET /account?email=alice@example.com HTTP/1.1\" 200 1024 \"-\" \"Mozilla/5.0\"\n" +
        $"192.0.2.200 - - [{hour:dd/MMM/yyyy:HH}:08:30 +0000] \"GET /contact?from=bob.martin@shop.example HTTP/1.1\" 404 0 \"-\" \"Mozilla/5.0\"\n";

    private async Task<string> OpenAsync(string ticketId, params string[] sites)
    {
        var opened = await SendAsync(_host.Ticketing(HttpMethod.Post, $"/api/tickets/{ticketId}/opened", new { customerId = "cust-42", sites }));
        Assert.Equal(HttpStatusCode.Created, opened.Status);
        return JsonDocument.Parse(opened.Body).RootElement.GetProperty("consentToken").GetString()!;
    }

    private static HttpRequestMessage Accept(string token, string[]? categories = null, string[]? sites = null) =>
        new(HttpMethod.Post, $"/api/consent/{token}")
        {
            Content = JsonContent.Create(new { decision = "accept", categories = categories ?? ["access"], sites }),
        };

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await _host.Http.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            _responses.Add(body);
            return (response.StatusCode, body);
        }
    }

    private async Task AssertNoRawIdentifierAnywhereAsync()
    {
        var stored = await _host.Storage.DumpAsync();
        var logged = string.Join('\n', _host.Logs.Lines);
        foreach (var raw in RawIdentifiers)
        {
            Assert.False(stored.Contains(raw, StringComparison.OrdinalIgnoreCase), $"storage holds the raw identifier {raw}");
            Assert.False(logged.Contains(raw, StringComparison.OrdinalIgnoreCase), $"the logs hold the raw identifier {raw}");
            Assert.DoesNotContain(_responses, body => body.Contains(raw, StringComparison.OrdinalIgnoreCase));
        }
    }
}
