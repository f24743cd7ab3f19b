using System.Text.Json;
using System.Text.RegularExpressions;
using Diagnostics.Api;
using Diagnostics.Core.Domain;
using Diagnostics.EndToEndTests;
using Diagnostics.StorageTests.Support;

namespace Diagnostics.BrowserTests;

/// <summary>
/// The customer's whole journey in headless Chromium, against the local host and Azurite: each right is exercised
/// through the page and checked in storage. Each state leaves a screenshot in TestResults/screenshots.
/// </summary>
public sealed partial class CustomerJourneyTests : IAsyncLifetime
{
    private static readonly string[] RawIdentifiers =
        ["203.0.113.7", "198.51.100.23", "192.0.2.200", "2001:db8:85a3::8a2e:370:7334", "alice@example.com", "bob.martin@shop.example"];

    private readonly LocalHostFixture _host = new();
    private readonly BrowserSession _browser = new();

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        await _browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
    }

    private DateTimeOffset ThisHour
    {
        get
        {
            var now = _host.Clock.GetUtcNow();
            return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        }
    }

    [Fact]
    public async Task ACustomerAcceptsSeesThePulledSnapshotDownloadsItAndErasesEverything()
    {
        var token = await OpenTicketAsync("T-9001", "shop.example", "blog.example");
        await SeedTwoHoursAsync("shop.example");
        var (page, errors) = await _browser.NewPageAsync(_host.BaseAddress);

        var opened = await page.GotoAsync($"/api/consent/{token}");
        Assert.Equal(200, opened!.Status);
        Assert.Equal(SecurityHeaders.PagePolicy, await opened.HeaderValueAsync("content-security-policy"));
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("T-9001", await page.TextContentAsync("h1"));
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "[...document.querySelectorAll('input:not([type=hidden]), select')].filter(e => e.labels.length === 0).length"));
        await BrowserSession.ScreenshotAsync(page, "journey-1-opened");

        await page.GetByLabel("Metrics", new() { Exact = true }).UncheckAsync();
        await page.GetByLabel("blog.example", new() { Exact = true }).UncheckAsync();
        await page.SelectOptionAsync("#window", "12");
        await page.ClickAsync("button[value=accept]");
        await page.WaitForSelectorAsync("#snapshots");
        await BrowserSession.ScreenshotAsync(page, "journey-2-accepted");

        Assert.Contains("access logs and error logs for shop.example", await page.TextContentAsync("#status"));
        var row = await page.TextContentAsync("#snapshots tbody tr");
        Assert.Contains("pull-shop.example", row);
        Assert.Contains("8", row);
        Assert.Contains("Replaced by pseudonyms: 6 IPv4 addresses, 2 IPv6 addresses, 4 e-mail addresses", row);
        var ticket = (await _host.Storage.Tickets.GetAsync("T-9001", CancellationToken.None))!;
        Assert.Equal(["access", "error"], ticket.Consent!.Categories);
        Assert.Equal(["shop.example"], ticket.Consent.Sites);
        Assert.Equal(TimeSpan.FromHours(12), ticket.Consent.WindowEnd - ticket.Consent.DecidedAt);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download"));
        Assert.Equal("diagnostics-export.json", download.SuggestedFilename);
        var export = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!)).RootElement;
        var lines = Assert.Single(export.GetProperty("snapshots").EnumerateArray()).GetProperty("content").EnumerateArray()
            .Select(l => l.GetString()!).ToArray();
        Assert.Equal(8, lines.Length);
        Assert.All(lines, line => Assert.DoesNotContain(RawIdentifiers, raw => line.Contains(raw, StringComparison.OrdinalIgnoreCase)));
        Assert.Contains(lines, line => line.Contains(".invalid", StringComparison.Ordinal));
        Assert.Contains($"[{ThisHour:dd/MMM/yyyy:HH}:05:00 +0000] \"POST /cart/checkout HTTP/1.1\" 500 312", lines[4]);
        var pseudonyms = lines.Select(l => l[..l.IndexOf(' ')]).Concat(EmailPseudonym().Matches(string.Join('\n', lines)).Select(m => m.Value))
            .Distinct().ToArray();

        await page.ReloadAsync();
        Assert.Contains("Everything downloaded", await page.TextContentAsync("#accesses"));
        Assert.Contains("Your sites' logs read", await page.TextContentAsync("#accesses"));
        await BrowserSession.ScreenshotAsync(page, "journey-3-downloaded");

        await page.ClickAsync("#revoke-start");
        Assert.True(await page.IsVisibleAsync("#revoke-confirm"));
        Assert.Equal("confirm-heading", await page.EvaluateAsync<string>("document.activeElement.id"));
        await BrowserSession.ScreenshotAsync(page, "journey-4-confirm-revoke");
        await page.ClickAsync("button[value=revoke]");
        await page.WaitForSelectorAsync("#receipt");
        await BrowserSession.ScreenshotAsync(page, "journey-5-erased");
        Assert.Contains("1 record", await page.TextContentAsync("#receipt"));
        Assert.Contains("because you withdrew your consent", await page.TextContentAsync("#receipt"));

        // In Azurite itself: no snapshot entity or blob, no key material; the tombstone and the receipt remain.
        Assert.Empty(await _host.Storage.Snapshots.ListAsync("T-9001", CancellationToken.None));
        Assert.Equal(string.Empty, (await StorageDump.ReadBlobsAsync(_host.Storage.BlobService, _host.Storage.ContainerName)).Trim());
        var tombstone = (await _host.Storage.Tickets.GetAsync("T-9001", CancellationToken.None))!;
        Assert.Equal((TicketState.Erased, null, null, 0), (tombstone.State, tombstone.Salt, tombstone.CustomerId, tombstone.Sites.Count));
        var receipt = Assert.Single(await _host.Storage.Receipts.ListAsync("T-9001", CancellationToken.None));
        Assert.Equal((ErasureReason.Revoked, 1), (receipt.Reason, receipt.SnapshotsDeleted));
        var stored = await _host.Storage.DumpAsync();
        Assert.DoesNotContain("Kind = snapshot", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(RawIdentifiers, raw => stored.Contains(raw, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(pseudonyms, pseudonym => stored.Contains(pseudonym, StringComparison.Ordinal));
        Assert.DoesNotContain(RawIdentifiers, raw => string.Join('\n', _host.Logs.Lines).Contains(raw, StringComparison.OrdinalIgnoreCase));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task WithoutScriptTheCustomerAcceptsAndRevokesThroughTheConfirmationStep()
    {
        var token = await OpenTicketAsync("T-9002", "shop.example");
        await SeedTwoHoursAsync("shop.example");
        var (page, errors) = await _browser.NewPageAsync(_host.BaseAddress, javaScriptEnabled: false);

        await page.GotoAsync($"/api/consent/{token}");
        await page.ClickAsync("button[value=accept]");
        await page.WaitForSelectorAsync("#snapshots");
        Assert.False(await page.IsVisibleAsync("#revoke-confirm"));

        await page.ClickAsync("#revoke-start");
        await page.WaitForURLAsync(new Regex("step=revoke"));
        Assert.True(await page.IsVisibleAsync("#revoke-confirm"));
        await BrowserSession.ScreenshotAsync(page, "noscript-confirm-revoke");
        await page.ClickAsync("button[value=revoke]");
        await page.WaitForSelectorAsync("#receipt");

        Assert.Equal(TicketState.Erased, (await _host.Storage.Tickets.GetAsync("T-9002", CancellationToken.None))!.State);
        Assert.Equal(string.Empty, (await StorageDump.ReadBlobsAsync(_host.Storage.BlobService, _host.Storage.ContainerName)).Trim());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ACustomerWhoDeclinesHasNothingCaptured()
    {
        var token = await OpenTicketAsync("T-9003", "shop.example");
        await SeedTwoHoursAsync("shop.example");
        var (page, errors) = await _browser.NewPageAsync(_host.BaseAddress);

        await page.GotoAsync($"/api/consent/{token}");
        await page.ClickAsync("button[value=decline]");
        await page.WaitForSelectorAsync("#receipt");
        await BrowserSession.ScreenshotAsync(page, "decline-receipt");

        Assert.Contains("0 records", await page.TextContentAsync("#receipt"));
        Assert.Contains("because you declined", await page.TextContentAsync("#receipt"));
        Assert.Equal(0, await page.Locator("form").CountAsync());
        Assert.Equal(TicketState.Erased, (await _host.Storage.Tickets.GetAsync("T-9003", CancellationToken.None))!.State);
        Assert.Equal(ErasureReason.Declined, Assert.Single(await _host.Storage.Receipts.ListAsync("T-9003", CancellationToken.None)).Reason);
        Assert.Equal(string.Empty, (await StorageDump.ReadBlobsAsync(_host.Storage.BlobService, _host.Storage.ContainerName)).Trim());
        Assert.DoesNotContain(await _host.Storage.Audit.ListAsync("T-9003", 50, CancellationToken.None),
            e => e.Action is AuditAction.SnapshotPulled or AuditAction.SnapshotPushed);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ThePageSpeaksFrenchOrEnglishAndTheChoiceSticks()
    {
        var token = await OpenTicketAsync("T-9004", "shop.example");
        var (page, errors) = await _browser.NewPageAsync(_host.BaseAddress, locale: "fr-FR");

        await page.GotoAsync($"/api/consent/{token}");
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Diagnostic d’assistance pour votre ticket T-9004", await page.TextContentAsync("h1"));
        Assert.Contains("Comment vous êtes protégé", await page.ContentAsync());
        await BrowserSession.ScreenshotAsync(page, "lang-fr-opened");

        await page.ClickAsync("#language-switch");
        await page.WaitForURLAsync(new Regex("lang=en"));
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Support diagnostics for your ticket T-9004", await page.TextContentAsync("h1"));
        await BrowserSession.ScreenshotAsync(page, "lang-en-opened");

        await page.ClickAsync("#language-switch");
        await page.WaitForURLAsync(new Regex("lang=fr"));
        await page.GetByLabel("Mesures", new() { Exact = true }).UncheckAsync();
        await page.ClickAsync("button[value=accept]");
        await page.WaitForSelectorAsync("#status");
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Vous avez accepté le", await page.TextContentAsync("#status"));
        Assert.Contains("journaux d’accès et journaux d’erreurs pour shop.example", await page.TextContentAsync("#status"));
        await BrowserSession.ScreenshotAsync(page, "lang-fr-accepted");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AKeyboardAloneCanChooseAndAccept()
    {
        var token = await OpenTicketAsync("T-9005", "shop.example");
        var (page, errors) = await _browser.NewPageAsync(_host.BaseAddress);
        await page.GotoAsync($"/api/consent/{token}");

        var unticked = false;
        for (var presses = 0; presses < 20; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("(document.activeElement.id || '') + '|' + (document.activeElement.value || '')");
            if (focused == "category-metrics|metrics")
            {
                await page.Keyboard.PressAsync("Space");
                unticked = true;
            }
            else if (focused == "|accept")
            {
                // The focus is visible: a ring around the focused control.
                Assert.NotEqual("none", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
                await BrowserSession.ScreenshotAsync(page, "keyboard-focus-on-accept");
                await page.Keyboard.PressAsync("Enter");
                break;
            }
        }

        Assert.True(unticked, "Tab never reached the metrics checkbox");
        await page.WaitForSelectorAsync("#status");
        var ticket = (await _host.Storage.Tickets.GetAsync("T-9005", CancellationToken.None))!;
        Assert.Equal(TicketState.Consented, ticket.State);
        Assert.Equal(["access", "error"], ticket.Consent!.Categories);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ABadOrExpiredLinkShowsAFriendlyPage()
    {
        var token = await OpenTicketAsync("T-9006", "shop.example");
        var (page, errors) = await _browser.NewPageAsync(_host.BaseAddress);

        var bad = await page.GotoAsync("/api/consent/not-a-token");
        Assert.Equal(404, bad!.Status);
        Assert.Equal("This link does not work", await page.TextContentAsync("h1"));
        await BrowserSession.ScreenshotAsync(page, "unknown-link");

        _host.Clock.Advance(TimeSpan.FromDays(46));
        var expired = await page.GotoAsync($"/api/consent/{token}");
        Assert.Equal(404, expired!.Status);
        Assert.Equal("This link does not work", await page.TextContentAsync("h1"));
        // Chromium reports the 404 status of the document itself; nothing else may fail.
        Assert.DoesNotContain(errors, e => !e.Contains("404", StringComparison.Ordinal));
    }

    private async Task<string> OpenTicketAsync(string ticketId, params string[] sites)
    {
        using var response = await _host.Http.SendAsync(_host.Ticketing(HttpMethod.Post, $"/api/tickets/{ticketId}/opened", new { customerId = "cust-42", sites }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("consentToken").GetString()!;
    }

    /// <summary>The platform's access log of the site for the previous and the current hour: four requests each.</summary>
    private async Task SeedTwoHoursAsync(string site)
    {
        foreach (var hour in new[] { ThisHour.AddHours(-1), ThisHour })
        {
            await _host.Storage.SeedRawLogAsync("cust-42", site, hour,
                $"203.0.113.7 - - [{hour:dd/MMM/yyyy:HH}:05:00 +0000] \"POST /cart/checkout HTTP/1.1\" 500 312 \"https://shop.example/cart\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.6099.224\"\n" +
                $"198.51.100.23 - - [{hour:dd/MMM/yyyy:HH}:06:10 +0000] \"POST /login?next=/ HTTP/1.1\" 302 0 \"https://shop.example/\" \"curl/8.5.0\"\n" +
                $"2001:db8:85a3::8a2e:370:7334 - - [{hour:dd/MMM/yyyy:HH}:07:20 +0000] \"GET /account?email=alice@example.com HTTP/1.1\" 200 1024 \"-\" \"Mozilla/5.0\"\n" +
                $"192.0.2.200 - - [{hour:dd/MMM/yyyy:HH}:08:30 +0000] \"GET /contact?from=bob.martin@shop.example HTTP/1.1\" 404 0 \"-\" \"Mozilla/5.0\"\n");
        }
    }

    [GeneratedRegex(@"[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.invalid")]
    private static partial Regex EmailPseudonym();
}
