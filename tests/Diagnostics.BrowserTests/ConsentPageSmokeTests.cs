using Diagnostics.EndToEndTests;

namespace Diagnostics.BrowserTests;

public sealed class ConsentPageSmokeTests : IAsyncLifetime
{
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
    public async Task ACustomerAcceptsFromTheConsentPage()
    {
        var token = await _host.OpenTicketAsync("T-5005");
        var (page, errors) = await _browser.NewPageAsync(_host.BaseAddress);

        await page.GotoAsync($"/api/consent/{token}");
        Assert.Contains("T-5005", await page.TextContentAsync("h1"));
        await BrowserSession.ScreenshotAsync(page, "consent-smoke-opened");

        await page.ClickAsync("button[value=accept]");
        await page.WaitForSelectorAsync("text=You accepted capture");
        await BrowserSession.ScreenshotAsync(page, "consent-smoke-accepted");

        var ticket = await _host.Storage.Tickets.GetAsync("T-5005", CancellationToken.None);
        Assert.Equal(Diagnostics.Core.Domain.TicketState.Consented, ticket!.State);
        Assert.Empty(errors);
    }
}
