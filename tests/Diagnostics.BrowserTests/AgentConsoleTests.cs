using System.Net;
using System.Text;
using System.Text.Json;
using Diagnostics.EndToEndTests;
using Microsoft.Playwright;

namespace Diagnostics.BrowserTests;

/// <summary>The agent console in headless Chromium, as a new agent and an auditor would use it.</summary>
public sealed class AgentConsoleTests : IAsyncLifetime
{
    private const string CustomerIp = "203.0.113.7";

    /// <summary>What must never reach the agent's screen.</summary>
    private static readonly string[] RawIdentifiers = [CustomerIp, "198.51.100.23", "192.0.2.200", "2001:db8:85a3::8a2e:370:7334", "alice@example.com"];

    /// <summary>Statuses: 2xx ×5, 3xx ×2, 4xx ×2, 5xx ×3; the customer's IP on lines 1, 4, 8 and 11; one line without a request.</summary>
    private const string AccessLog =
        "203.0.113.7 - - [26/Nov/2026:10:00:00 +0000] \"GET /cart HTTP/1.1\" 500 512 \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\"\n" +
        "198.51.100.23 - - [26/Nov/2026:10:00:05 +0000] \"POST /login HTTP/1.1\" 302 0 \"https://shop.example/\" \"curl/8.5.0\"\n" +
        "2001:db8:85a3::8a2e:370:7334 - - [26/Nov/2026:10:00:09 +0000] \"GET / HTTP/1.1\" 200 1024 \"-\" \"Mozilla/5.0\"\n" +
        "203.0.113.7 - - [26/Nov/2026:10:00:14 +0000] \"GET /cart?retry=1 HTTP/1.1\" 200 2048 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n" +
        "192.0.2.200 - - [26/Nov/2026:10:00:20 +0000] \"GET /contact?from=alice@example.com HTTP/1.1\" 404 0 \"-\" \"Mozilla/5.0\"\n" +
        "198.51.100.23 - - [26/Nov/2026:10:00:31 +0000] \"GET /account HTTP/1.1\" 200 733 \"-\" \"curl/8.5.0\"\n" +
        "192.0.2.200 - - [26/Nov/2026:10:00:45 +0000] \"GET /missing HTTP/1.1\" 404 0 \"-\" \"Mozilla/5.0\"\n" +
        "203.0.113.7 - - [26/Nov/2026:10:01:02 +0000] \"POST /checkout HTTP/1.1\" 503 0 \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\"\n" +
        "2001:db8:85a3::8a2e:370:7334 - - [26/Nov/2026:10:01:10 +0000] \"GET /img/logo.png HTTP/1.1\" 304 0 \"-\" \"Mozilla/5.0\"\n" +
        "198.51.100.23 - - [26/Nov/2026:10:01:30 +0000] \"GET /health HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\"\n" +
        "203.0.113.7 - - [26/Nov/2026:10:01:41 +0000] \"POST /checkout HTTP/1.1\" 502 0 \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\"\n" +
        "192.0.2.200 - - [26/Nov/2026:10:01:55 +0000] \"GET /cart HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n" +
        "cron: nightly export finished\n";

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

    [Fact]
    public async Task AnAgentNarrowsATicketToOneClientWithoutSeeingAnIdentityAndTheAuditorSeesIt()
    {
        var snapshotId = await CaptureAsync("T-7001", AccessLog);
        var (page, errors) = await _browser.NewPageAsync(_host.BaseAddress);
        var requestedUrls = new List<string>();
        page.Request += (_, request) => requestedUrls.Add(request.Url);

        await page.GotoAsync("/api/agent");
        await BrowserSession.ScreenshotAsync(page, "agent-1-sign-in");
        await SignInAsync(page, "agent.smith", agent: true, auditor: false);
        Assert.Equal("agent.smith", await page.TextContentAsync("#signed-in-name"));

        // Look up: type the ticket id, press Enter.
        await page.FillAsync("#lookup-ticket", "T-7001");
        await page.PressAsync("#lookup-ticket", "Enter");
        var row = page.Locator($"#snapshots tbody tr[data-snapshot-id='{snapshotId}']");
        await row.WaitForAsync();
        Assert.Equal(1, await page.Locator("#snapshots tbody tr").CountAsync());
        var rowText = await row.InnerTextAsync();
        Assert.Contains("access", rowText, StringComparison.Ordinal);
        Assert.Contains("ipv4: 10 pseudonymized", rowText, StringComparison.Ordinal);
        Assert.Contains("ipv6: 2 pseudonymized", rowText, StringComparison.Ordinal);
        Assert.Contains("email: 1 pseudonymized", rowText, StringComparison.Ordinal);
        Assert.Contains("IPv4 pseudonyms of this ticket are unrelated", await page.TextContentAsync("#snapshots-ips"), StringComparison.Ordinal);
        // Retention is one hour in the fixture: the countdown runs, live.
        var countdown = await page.TextContentAsync("#snapshots time");
        Assert.Matches("^0h 59m [0-9]{1,2}s$", countdown);
        await page.WaitForFunctionAsync("c => document.querySelector('#snapshots time').textContent !== c", countdown);
        await BrowserSession.ScreenshotAsync(page, "agent-2-snapshots");

        // Open: every line, pseudonyms highlighted, the chart counting requests by status class.
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await page.WaitForSelectorAsync("#log li");
        Assert.Equal(13, await page.Locator("#log li").CountAsync());
        Assert.Equal(13, await page.Locator("#log mark.pseudonym").CountAsync());
        Assert.Equal("Lines 1–13 (all that pass the filters).", await page.TextContentAsync("#log-summary"));
        Assert.Equal(new Dictionary<string, int> { ["2"] = 5, ["3"] = 2, ["4"] = 2, ["5"] = 3 }, await ChartTotalsAsync(page));
        Assert.Equal(12, await page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('#chart rect.bar')].reduce((n, r) => n + Number(r.dataset.count), 0)"));
        Assert.Contains("1 line without a time or status not charted", await page.TextContentAsync("#chart-caption"), StringComparison.Ordinal);
        await BrowserSession.ScreenshotAsync(page, "agent-3-log-and-chart");

        // Filter: 5xx only.
        await page.SelectOptionAsync("#filter-status", "5");
        await page.ClickAsync("#filters button[type=submit]");
        await WaitForLineCountAsync(page, 3);
        Assert.All(await page.Locator("#log li").AllTextContentsAsync(), line => Assert.Matches("\" 50[023] ", line));
        Assert.Equal(new Dictionary<string, int> { ["2"] = 0, ["3"] = 0, ["4"] = 0, ["5"] = 3 }, await ChartTotalsAsync(page));
        await BrowserSession.ScreenshotAsync(page, "agent-4-filtered-5xx");

        // Match without reveal: the IP the customer gave, Enter; only that client's requests remain.
        await page.ClickAsync("#filters-clear");
        await WaitForLineCountAsync(page, 13);
        await page.FillAsync("#filter-match", CustomerIp);
        await page.PressAsync("#filter-match", "Enter");
        await WaitForLineCountAsync(page, 4);
        var matched = await page.Locator("#log li").AllTextContentsAsync();
        var pseudonym = await page.TextContentAsync("#log li:first-child mark.pseudonym.matched");
        Assert.StartsWith("2001:db8:4::", pseudonym, StringComparison.Ordinal);
        Assert.All(matched, line => Assert.StartsWith(pseudonym + " ", line, StringComparison.Ordinal));
        Assert.Equal(["/cart", "/cart?retry=1", "/checkout", "/checkout"], matched.Select(l => l.Split(' ')[6]));
        Assert.StartsWith("4 lines matched the value the customer gave", await page.TextContentAsync("#log-summary"), StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, int> { ["2"] = 1, ["3"] = 0, ["4"] = 0, ["5"] = 3 }, await ChartTotalsAsync(page));
        await BrowserSession.ScreenshotAsync(page, "agent-5-matched-customer-ip");

        // Nothing on screen is an identity (the only raw value is the one the agent typed, in its input).
        var screen = await page.EvaluateAsync<string>("() => document.body.innerText");
        foreach (var raw in RawIdentifiers)
        {
            Assert.DoesNotContain(raw, screen, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(requestedUrls, url => url.Contains(CustomerIp, StringComparison.Ordinal));

        // The auditor, in the same browser: who read what, when, and how it ended; never the candidate.
        await page.ClickAsync("#sign-out");
        await SignInAsync(page, "dpo.jones", agent: false, auditor: true);
        Assert.False(await page.IsHiddenAsync("#audit-section"));
        await page.FillAsync("#audit-ticket", "T-7001");
        await page.PressAsync("#audit-ticket", "Enter");
        await page.WaitForSelectorAsync("#audit tbody tr td:has-text('snapshot.matched')");
        var trail = await page.Locator("#audit tbody tr").AllInnerTextsAsync();
        Assert.Contains(trail, r => r.Contains("agent.smith (agent)", StringComparison.Ordinal) && r.Contains("snapshot.matched", StringComparison.Ordinal) &&
            r.Contains("filters: match", StringComparison.Ordinal) && r.Contains("lines=4", StringComparison.Ordinal));
        Assert.Contains(trail, r => r.Contains("agent.smith (agent)", StringComparison.Ordinal) && r.Contains("status=5xx", StringComparison.Ordinal));
        Assert.Contains(trail, r => r.Contains("agent.smith (agent)", StringComparison.Ordinal) && r.Contains("snapshots.listed", StringComparison.Ordinal));
        Assert.DoesNotContain(trail, r => r.Contains(CustomerIp, StringComparison.Ordinal));
        await page.SelectOptionAsync("#audit-action", "snapshot.matched");
        await page.ClickAsync("#audit-filters button[type=submit]");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#audit tbody tr')].every(r => r.innerText.includes('snapshot.matched'))");
        await BrowserSession.ScreenshotAsync(page, "agent-6-auditor-trail");

        Assert.Empty(errors);
    }

    [Fact]
    public async Task HostileLogLinesShowAsTextAndNothingRuns()
    {
        string[] hostile =
        [
            "<script>window.__pwned = 'script'</script>",
            "<img src=x onerror=\"window.__pwned = 'img'\">",
            "\"><svg onload=\"window.__pwned = 'svg'\"><circle r=5></circle></svg>",
            "</li></ol><iframe srcdoc=\"<script>parent.__pwned = 'iframe'</script>\"></iframe>",
            "203.0.113.7 - - [26/Nov/2026:10:00:00 +0000] \"GET /<script>alert(1)</script> HTTP/1.1\" 404 0 \"-\" \"<img src=x onerror=alert(2)>\"",
            "{\"msg\":\"<b onmouseover=alert(3)>bold</b>\",\"status\":500,\"time\":\"2026-11-26T10:00:01Z\"}",
            "javascript:window.__pwned='link' <a href=\"javascript:alert(4)\">click</a> &lt;not an entity&gt; &amp;",
        ];
        var snapshotId = await CaptureAsync("T-7002", string.Join('\n', hostile) + "\n");
        var served = await ServedLinesAsync("T-7002", snapshotId);
        var (page, errors) = await _browser.NewPageAsync(_host.BaseAddress);
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };

        await page.GotoAsync("/api/agent");
        await SignInAsync(page, "agent.smith", agent: true, auditor: false);
        await page.FillAsync("#lookup-ticket", "T-7002");
        await page.PressAsync("#lookup-ticket", "Enter");
        await page.ClickAsync($"#snapshots tbody tr[data-snapshot-id='{snapshotId}'] button");
        await WaitForLineCountAsync(page, hostile.Length);
        await page.HoverAsync("#log li:nth-child(6)");
        await page.WaitForTimeoutAsync(300);

        Assert.Equal(served, await page.Locator("#log li").AllTextContentsAsync());
        Assert.Equal(hostile[0], served[0]);
        Assert.Equal(hostile[3], served[3]);
        Assert.Equal(0, await page.Locator("#log script, #log img, #log svg, #log iframe, #log b, #log a, body > iframe").CountAsync());
        Assert.Equal(0, await page.Locator("iframe").CountAsync());
        Assert.Equal(7, await page.Locator("#log > li").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"));
        Assert.Empty(dialogs);
        await BrowserSession.ScreenshotAsync(page, "agent-hostile-lines-as-text");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task SomeoneWithoutTheAgentRoleIsToldWhyTheyAreRefused()
    {
        await CaptureAsync("T-7003", AccessLog);
        var (page, errors) = await _browser.NewPageAsync(_host.BaseAddress);

        await page.GotoAsync("/api/agent");
        await SignInAsync(page, "visitor", agent: false, auditor: false);
        Assert.Equal("(no role)", await page.TextContentAsync("#signed-in-roles"));
        await page.FillAsync("#lookup-ticket", "T-7003");
        await page.PressAsync("#lookup-ticket", "Enter");
        await page.WaitForSelectorAsync("#message.error");

        var message = await page.TextContentAsync("#message");
        Assert.Contains("Access denied (403)", message, StringComparison.Ordinal);
        Assert.Contains("Diagnostics.Agent", message, StringComparison.Ordinal);
        Assert.True(await page.IsHiddenAsync("#snapshots-section"));
        Assert.True(await page.IsHiddenAsync("#audit-section"));
        await BrowserSession.ScreenshotAsync(page, "agent-refused-without-role");
        // The browser reports the refused fetch itself; nothing else went wrong.
        Assert.All(errors, e => Assert.Contains("status of 403", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALargeSnapshotIsBrowsedPageByPage()
    {
        var log = new StringBuilder();
        for (var i = 0; i < 250; i++)
        {
            log.Append(CultureInvariant($"192.0.2.{i % 50} - - [26/Nov/2026:10:{i / 60:00}:{i % 60:00} +0000] \"GET /page/{i} HTTP/1.1\" 200 10 \"-\" \"Mozilla/5.0\"\n"));
        }

        var snapshotId = await CaptureAsync("T-7004", log.ToString());
        var (page, errors) = await _browser.NewPageAsync(_host.BaseAddress);
        await page.GotoAsync("/api/agent");
        await SignInAsync(page, "agent.smith", agent: true, auditor: false);
        await page.FillAsync("#lookup-ticket", "T-7004");
        await page.PressAsync("#lookup-ticket", "Enter");
        await page.ClickAsync($"#snapshots tbody tr[data-snapshot-id='{snapshotId}'] button");
        await WaitForLineCountAsync(page, 250);

        await page.SelectOptionAsync("#filter-limit", "100");
        await page.PressAsync("#filter-text", "Enter");
        await WaitForLineCountAsync(page, 100);
        Assert.Equal("Lines 1–100; more follow.", await page.TextContentAsync("#log-summary"));
        Assert.True(await page.IsDisabledAsync("#page-prev"));

        await page.ClickAsync("#page-next");
        await page.WaitForFunctionAsync("() => document.querySelector('#log').start === 101");
        Assert.Contains("/page/100 ", await page.TextContentAsync("#log li:first-child"), StringComparison.Ordinal);
        await page.ClickAsync("#page-next");
        await WaitForLineCountAsync(page, 50);
        Assert.Equal("Lines 201–250 (all that pass the filters).", await page.TextContentAsync("#log-summary"));
        Assert.True(await page.IsDisabledAsync("#page-next"));
        await BrowserSession.ScreenshotAsync(page, "agent-last-page");

        await page.ClickAsync("#page-prev");
        await WaitForLineCountAsync(page, 100);
        Assert.Contains("/page/100 ", await page.TextContentAsync("#log li:first-child"), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static async Task SignInAsync(IPage page, string name, bool agent, bool auditor)
    {
        await page.FillAsync("#sign-in-name", name);
        await page.SetCheckedAsync("#sign-in-agent", agent);
        await page.SetCheckedAsync("#sign-in-auditor", auditor);
        await page.PressAsync("#sign-in-name", "Enter");
        await page.WaitForSelectorAsync("#signed-in", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
        Assert.True(await page.IsHiddenAsync("#sign-in"), "the sign-in form is still shown after signing in");
    }

    [Fact]
    public async Task ATicketWithPrefixPreservingIpsSaysSoAboveItsSnapshots()
    {
        using (var opened = await _host.Http.SendAsync(_host.Ticketing(HttpMethod.Post, "/api/tickets/T-7010/opened",
            new { customerId = "cust-42", sites = new[] { "shop.example" }, prefixPreservingIps = true })))
        {
            Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
            await _host.AcceptAsync(JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("consentToken").GetString()!, "access");
        }

        using (var pushed = await _host.Http.SendAsync(_host.Push("T-7010", "access", AccessLog)))
        {
            Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        }

        var (page, errors) = await _browser.NewPageAsync(_host.BaseAddress);
        await page.GotoAsync("/api/agent");
        await SignInAsync(page, "agent.smith", agent: true, auditor: false);
        await page.FillAsync("#lookup-ticket", "T-7010");
        await page.PressAsync("#lookup-ticket", "Enter");
        await page.Locator("#snapshots tbody tr").WaitForAsync();

        var explanation = await page.TextContentAsync("#snapshots-ips");
        Assert.Contains("preserve subnets", explanation, StringComparison.Ordinal);
        Assert.Contains("2001:db8:4:1::", explanation, StringComparison.Ordinal);
        await page.ClickAsync("#snapshots tbody tr button");
        await page.WaitForSelectorAsync("#log li");
        var shown = string.Join('\n', await page.Locator("#log li").AllInnerTextsAsync());
        Assert.Contains("2001:db8:4:1::", shown, StringComparison.Ordinal);
        Assert.All(RawIdentifiers, raw => Assert.DoesNotContain(raw, shown, StringComparison.Ordinal));
        await BrowserSession.ScreenshotAsync(page, "agent-prefix-preserving");
        Assert.Empty(errors);
    }

    private static Task WaitForLineCountAsync(IPage page, int count) =>
        page.WaitForFunctionAsync("n => document.querySelectorAll('#log li').length === n", count);

    private static async Task<Dictionary<string, int>> ChartTotalsAsync(IPage page) =>
        await page.EvaluateAsync<Dictionary<string, int>>(
            "() => Object.fromEntries([...document.querySelectorAll('#chart-totals td')].map(td => [td.dataset.class, Number(td.textContent)]))");

    private async Task<string> CaptureAsync(string ticketId, string log)
    {
        var token = await _host.OpenTicketAsync(ticketId);
        await _host.AcceptAsync(token, "access");
        using var response = await _host.Http.SendAsync(_host.Push(ticketId, "access", log));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("snapshotId").GetString()!;
    }

    private async Task<string[]> ServedLinesAsync(string ticketId, string snapshotId)
    {
        using var response = await _host.Http.SendAsync(LocalHostFixture.AsAgent(HttpMethod.Get, $"/api/tickets/{ticketId}/snapshots/{snapshotId}"));
        return (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
