using System.Net;
using System.Text;
using System.Text.Json;
using Diagnostics.Api.Security;

namespace Diagnostics.EndToEndTests;

public sealed class TicketLifecycleTests : IAsyncLifetime
{
    /// <summary>Identifiers that must never reach storage, a response or an agent.</summary>
    private static readonly string[] RawIdentifiers =
    [
        "203.0.113.7", "198.51.100.23", "192.0.2.200", "2001:db8:85a3::8a2e:370:7334", "fe80::1ff:fe23:4567:890a",
        "alice@example.com", "bob.martin@shop.example",
    ];

    private const string AccessLog =
        "203.0.113.7 - - [26/Nov/2026:10:00:00 +0000] \"GET /cart HTTP/1.1\" 500 512 \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.6099.224\"\n" +
        "198.51.100.23 - - [26/Nov/2026:10:00:01 +0000] \"POST /login?next=/ HTTP/1.1\" 302 0 \"https://shop.example/\" \"curl/8.5.0\"\n" +
        "2001:db8:85a3::8a2e:370:7334 - - [26/Nov/2026:10:00:02 +0000] \"GET / HTTP/1.1\" 200 1024 \"-\" \"Mozilla/5.0\"\n" +
        "203.0.113.7 - - [26/Nov/2026:10:00:03 +0000] \"GET /cart?retry=1 HTTP/1.1\" 200 2048 \"-\" \"Mozilla/5.0 (X11; Linux x86_64; rv:1.8.1.3)\"\n" +
        "192.0.2.200 - - [26/Nov/2026:10:00:04 +0000] \"GET /contact?from=alice@example.com HTTP/1.1\" 404 0 \"-\" \"Mozilla/5.0\"\n" +
        "fe80::1ff:fe23:4567:890a - - [26/Nov/2026:10:00:05 +0000] \"GET /health HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\"\n" +
        "mail from bob.martin@shop.example bounced\n";

    private readonly LocalHostFixture _host = new();
    private readonly List<string> _responses = [];

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task TicketGoesFromConsentToCaptureToReadingToExpiryWithoutExposingAnIdentity()
    {
        var token = await _host.OpenTicketAsync("T-1001");

        var early = await SendAsync(_host.Push("T-1001", "access", AccessLog));
        Assert.Equal(HttpStatusCode.Forbidden, early.Status);
        Assert.Equal("application/problem+json", early.ContentType);

        await _host.AcceptAsync(token, "access");

        var outOfScope = await SendAsync(_host.Push("T-1001", "error", AccessLog));
        Assert.Equal(HttpStatusCode.Forbidden, outOfScope.Status);

        var pushed = await SendAsync(_host.Push("T-1001", "access", AccessLog));
        Assert.Equal(HttpStatusCode.Created, pushed.Status);
        var receipt = JsonDocument.Parse(pushed.Body).RootElement;
        var snapshotId = receipt.GetProperty("snapshotId").GetString()!;
        Assert.Equal(7, receipt.GetProperty("lines").GetInt64());
        Assert.Equal(4, receipt.GetProperty("redactions").GetProperty("ipv4").GetInt64());
        Assert.Equal(2, receipt.GetProperty("redactions").GetProperty("ipv6").GetInt64());
        Assert.Equal(2, receipt.GetProperty("redactions").GetProperty("email").GetInt64());

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/tickets/T-1001/snapshots"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, "/api/tickets/T-1001/snapshots", Roles.Auditor))).Status);

        var list = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, "/api/tickets/T-1001/snapshots"));
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var listed = Assert.Single(JsonDocument.Parse(list.Body).RootElement.GetProperty("snapshots").EnumerateArray());
        Assert.Equal(snapshotId, listed.GetProperty("snapshotId").GetString());
        Assert.Equal("access", listed.GetProperty("category").GetString());

        var read = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-1001/snapshots/{snapshotId}"));
        Assert.Equal(HttpStatusCode.OK, read.Status);
        var lines = read.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.Contains("[26/Nov/2026:10:00:00 +0000] \"GET /cart HTTP/1.1\" 500 512", lines[0]);
        Assert.EndsWith("Chrome/120.0.6099.224\"", lines[0]);
        Assert.StartsWith("2001:db8:", lines[0]);

        // The same client keeps one pseudonym, so the agent can follow it without knowing who it is.
        var firstClient = lines[0][..lines[0].IndexOf(' ')];
        Assert.StartsWith(firstClient + " ", lines[3]);
        Assert.NotEqual(firstClient, lines[1][..lines[1].IndexOf(' ')]);

        var matched = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-1001/snapshots/{snapshotId}?match=203.0.113.7"));
        var matchedLines = matched.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([lines[0], lines[3]], matchedLines);

        var errors = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-1001/snapshots/{snapshotId}?status=5xx"));
        Assert.Equal([lines[0]], errors.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        await AssertNoRawIdentifierAnywhereAsync();

        // Expiry: never served past it, even before the timer ran; then the timer deletes it.
        _host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var expired = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-1001/snapshots/{snapshotId}"));
        Assert.True(expired.Status is HttpStatusCode.Gone or HttpStatusCode.NotFound, $"expired snapshot answered {expired.Status}");
        Assert.DoesNotContain(firstClient, expired.Body);
        var afterExpiry = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, "/api/tickets/T-1001/snapshots"));
        Assert.Empty(JsonDocument.Parse(afterExpiry.Body).RootElement.GetProperty("snapshots").EnumerateArray());

        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await WaitUntilAsync(async () => !(await _host.Storage.DumpAsync()).Contains(snapshotId + ".gz", StringComparison.Ordinal)),
            "the purge timer did not delete the expired snapshot's blob");
        var catalog = await _host.Storage.Snapshots.ListAsync("T-1001", CancellationToken.None);
        Assert.Empty(catalog);
        await AssertNoRawIdentifierAnywhereAsync();
    }

    [Fact]
    public async Task RevocationErasesEverythingOfTheTicketAndRefusesFurtherCapture()
    {
        var token = await _host.OpenTicketAsync("T-2002");
        await _host.AcceptAsync(token, "access", "error");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(_host.Push("T-2002", "access", AccessLog))).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(_host.Push("T-2002", "error", "PHP Fatal error for alice@example.com from 203.0.113.7\n"))).Status);

        var revoked = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/consent/{token}"));
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        var receipt = JsonDocument.Parse(revoked.Body).RootElement;
        Assert.Equal("T-2002", receipt.GetProperty("ticketId").GetString());
        Assert.Equal(2, receipt.GetProperty("snapshotsDeleted").GetInt32());
        Assert.True(receipt.GetProperty("bytesDeleted").GetInt64() > 0);
        Assert.True(receipt.TryGetProperty("erasedAt", out _));

        // Nothing of the ticket is left in storage: no blob, no snapshot entity, no key material.
        Assert.Empty(await _host.Storage.Snapshots.ListAsync("T-2002", CancellationToken.None));
        Assert.Equal(string.Empty, (await Diagnostics.StorageTests.Support.StorageDump.ReadBlobsAsync(_host.Storage.BlobService, _host.Storage.ContainerName)).Trim());
        var ticket = await _host.Storage.Tickets.GetAsync("T-2002", CancellationToken.None);
        Assert.NotNull(ticket);
        Assert.Null(ticket.Salt);
        Assert.Null(ticket.CustomerId);
        Assert.DoesNotContain("Kind = snapshot", await _host.Storage.DumpAsync(), StringComparison.Ordinal);

        var after = await SendAsync(_host.Push("T-2002", "access", AccessLog));
        Assert.Equal(HttpStatusCode.Forbidden, after.Status);
        Assert.Empty(await _host.Storage.Snapshots.ListAsync("T-2002", CancellationToken.None));

        var again = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/consent/{token}"));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(receipt.GetProperty("erasedAt").GetDateTimeOffset(), JsonDocument.Parse(again.Body).RootElement.GetProperty("erasedAt").GetDateTimeOffset());

        await AssertNoRawIdentifierAnywhereAsync();
    }

    [Fact]
    public async Task CustomerExportHoldsThePseudonymizedContentAndWhoReadIt()
    {
        var token = await _host.OpenTicketAsync("T-3003");
        await _host.AcceptAsync(token, "access");
        var pushed = JsonDocument.Parse((await SendAsync(_host.Push("T-3003", "access", AccessLog))).Body).RootElement;
        var snapshotId = pushed.GetProperty("snapshotId").GetString();
        await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/T-3003/snapshots/{snapshotId}"));

        var export = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/consent/{token}/data"));
        Assert.Equal(HttpStatusCode.OK, export.Status);
        var document = JsonDocument.Parse(export.Body).RootElement;
        var snapshot = Assert.Single(document.GetProperty("snapshots").EnumerateArray());
        Assert.Equal(7, snapshot.GetProperty("content").GetArrayLength());
        Assert.Contains(document.GetProperty("accessLog").EnumerateArray(),
            e => e.GetProperty("action").GetString() == "snapshot.read" && e.GetProperty("actor").GetString() == "agent.smith");
        await AssertNoRawIdentifierAnywhereAsync();
    }

    [Theory]
    [InlineData("POST", "/api/tickets/T-1/opened")]
    [InlineData("POST", "/api/tickets/T-1/closed")]
    [InlineData("POST", "/api/tickets/T-1/snapshots?category=access&source=a")]
    public async Task TicketingAndCollectorRoutesNeedTheFunctionKey(string method, string path)
    {
        var response = await SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") });
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Theory]
    [InlineData("/api/tickets/..%2F..%2Fetc/snapshots")]
    [InlineData("/api/tickets/T'or'1'eq'1/snapshots")]
    [InlineData("/api/tickets/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/snapshots")]
    public async Task InvalidTicketIdsAreRefusedBeforeStorage(string path)
    {
        var response = await SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task ABadTokenAndAnUnknownTicketLookTheSame()
    {
        var token = await _host.OpenTicketAsync("T-4004");
        var tampered = token[..^2] + (token[^2] == 'A' ? "BA" : "AA");
        var bad = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/consent/{tampered}"));
        var garbage = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/consent/not-a-token"));
        Assert.Equal(HttpStatusCode.NotFound, bad.Status);
        Assert.Equal(bad.Status, garbage.Status);
        foreach (var field in new[] { "status", "title", "detail" })
        {
            Assert.Equal(JsonDocument.Parse(bad.Body).RootElement.GetProperty(field).ToString(), JsonDocument.Parse(garbage.Body).RootElement.GetProperty(field).ToString());
        }
    }

    private async Task<(HttpStatusCode Status, string? ContentType, string Body)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await _host.Http.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            _responses.Add(body);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        }
    }

    private async Task AssertNoRawIdentifierAnywhereAsync()
    {
        var stored = await _host.Storage.DumpAsync();
        var logged = string.Join('\n', _host.Logs.Lines);
        Assert.NotEmpty(_host.Logs.Lines);
        foreach (var raw in RawIdentifiers)
        {
            Assert.False(stored.Contains(raw, StringComparison.OrdinalIgnoreCase), $"storage holds the raw identifier {raw}");
            Assert.False(logged.Contains(raw, StringComparison.OrdinalIgnoreCase), $"the logs hold the raw identifier {raw}");
            Assert.DoesNotContain(_responses, body => body.Contains(raw, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
