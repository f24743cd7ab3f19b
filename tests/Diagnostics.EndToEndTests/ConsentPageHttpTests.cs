using System.Net;
using System.Net.Http.Headers;
using Diagnostics.Api;
using Diagnostics.Core.Domain;

namespace Diagnostics.EndToEndTests;

/// <summary>The consent page's HTTP contract, without a browser: languages, forms, refusals, and hostile values.</summary>
public sealed class ConsentPageHttpTests : IAsyncLifetime
{
    private readonly LocalHostFixture _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData("fr-FR,fr;q=0.9,en;q=0.5", null, "fr", "Diagnostic d’assistance")]
    [InlineData("de-DE,fr;q=0.8,en;q=0.5", null, "fr", "Diagnostic d’assistance")]
    [InlineData("en-GB,en;q=0.9", null, "en", "Support diagnostics")]
    [InlineData("de-DE", null, "en", "Support diagnostics")]
    [InlineData("fr-FR", "en", "en", "Support diagnostics")]
    [InlineData("en-US", "fr", "fr", "Diagnostic d’assistance")]
    public async Task ThePageSpeaksTheBrowsersLanguageUnlessOneIsChosen(string acceptLanguage, string? chosen, string expected, string title)
    {
        var token = await _host.OpenTicketAsync("T-8001");
        using var request = Html(HttpMethod.Get, $"/api/consent/{token}{(chosen is null ? string.Empty : "?lang=" + chosen)}");
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);

        using var response = await _host.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith($"<!doctype html><html lang=\"{expected}\">", html, StringComparison.Ordinal);
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Equal(SecurityHeaders.PagePolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace(_host.BaseAddress.ToString(), string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormDecisionGoesBackToThePageWithSeeOtherInTheChosenLanguage()
    {
        var token = await _host.OpenTicketAsync("T-8002");
        using var request = Html(HttpMethod.Post, $"/api/consent/{token}?lang=fr");
        request.Content = Form(("decision", "accept"), ("categories", "access"), ("categories", "error"), ("sites", "shop.example"), ("windowHours", "6"));

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
        using var response = await noRedirects.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/api/consent/{token}?lang=fr", response.Headers.Location?.OriginalString);
        var ticket = (await _host.Storage.Tickets.GetAsync("T-8002", CancellationToken.None))!;
        Assert.Equal(TicketState.Consented, ticket.State);
        Assert.Equal(["access", "error"], ticket.Consent!.Categories);
        Assert.Equal(TimeSpan.FromHours(6), ticket.Consent.WindowEnd - ticket.Consent.DecidedAt);
    }

    [Theory]
    [InlineData("accept", "", "shop.example", "6")]
    [InlineData("accept", "access", "", "6")]
    [InlineData("accept", "access", "shop.example", "1000")]
    [InlineData("accept", "logs", "shop.example", "6")]
    [InlineData("maybe", "access", "shop.example", "6")]
    public async Task ABadFormShowsThePageAgainWithTheReasonAndChangesNothing(string decision, string category, string site, string hours)
    {
        var token = await _host.OpenTicketAsync("T-8003");
        var fields = new List<(string, string)> { ("decision", decision), ("windowHours", hours) };
        if (category.Length > 0)
        {
            fields.Add(("categories", category));
        }

        if (site.Length > 0)
        {
            fields.Add(("sites", site));
        }

        using var browser = Html(HttpMethod.Post, $"/api/consent/{token}?lang=en");
        browser.Content = Form([.. fields]);
        using var page = await _host.Http.SendAsync(browser);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("Choose at least one kind of data and one site", html, StringComparison.Ordinal);

        using var api = new HttpRequestMessage(HttpMethod.Post, $"/api/consent/{token}") { Content = Form([.. fields]) };
        using var problem = await _host.Http.SendAsync(api);
        Assert.Equal(HttpStatusCode.BadRequest, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);

        Assert.Equal(TicketState.Opened, (await _host.Storage.Tickets.GetAsync("T-8003", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task ABadForgedOrExpiredLinkShowsTheSameFriendlyPage()
    {
        var token = await _host.OpenTicketAsync("T-8004");
        var forged = token[..^2] + (token[^2] == 'A' ? "BA" : "AA");
        var garbage = await PageAsync("/api/consent/not-a-token");
        var tampered = await PageAsync($"/api/consent/{forged}");

        Assert.Equal(HttpStatusCode.NotFound, garbage.Status);
        Assert.Equal(HttpStatusCode.NotFound, tampered.Status);
        Assert.Equal(Normalize(garbage.Html, "not-a-token"), Normalize(tampered.Html, forged));
        Assert.Contains("This link does not work", garbage.Html, StringComparison.Ordinal);

        _host.Clock.Advance(TimeSpan.FromDays(46));
        var expired = await PageAsync($"/api/consent/{token}");
        Assert.Equal(HttpStatusCode.NotFound, expired.Status);
        Assert.Equal(Normalize(garbage.Html, "not-a-token"), Normalize(expired.Html, token));
    }

    [Fact]
    public async Task ValuesFromOthersAreShownAsTextOnly()
    {
        var token = await _host.OpenTicketAsync("T-8005");
        await _host.AcceptAsync(token, "access");
        using var pushed = await _host.Http.SendAsync(_host.Push("T-8005", "access", "GET /<script>alert(1)</script> 200\n"));
        Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        using var read = LocalHostFixture.AsAgent(HttpMethod.Get, "/api/tickets/T-8005/snapshots");
        read.Headers.Remove(Api.Security.ClientPrincipal.HeaderName);
        read.Headers.Add(Api.Security.ClientPrincipal.HeaderName,
            Api.Security.ClientPrincipal.Create("<img src=x onerror=alert(1)>", Api.Security.Roles.Agent).Encode());
        using var listed = await _host.Http.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);

        var page = await PageAsync($"/api/consent/{token}");

        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", page.Html, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Html)> PageAsync(string path)
    {
        using var request = Html(HttpMethod.Get, path);
        using var response = await _host.Http.SendAsync(request);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Normalize(string html, string token) => html.Replace(token, "{token}", StringComparison.Ordinal);

    private static HttpRequestMessage Html(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return request;
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
}
