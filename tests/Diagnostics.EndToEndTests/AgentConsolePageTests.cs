using System.Net;
using System.Text.RegularExpressions;
using Diagnostics.Api;

namespace Diagnostics.EndToEndTests;

/// <summary>The console's shell as served: strict policy, nothing inline, sign-in as configured.</summary>
public sealed partial class AgentConsolePageTests
{
    [Theory]
    [InlineData("true", "development", "id=\"sign-in\"")]
    [InlineData("false", "unavailable", "Sign-in is not available here")]
    public async Task TheConsoleShellHasNoInlineCodeAndOffersTheConfiguredSignIn(string developmentSignIn, string mode, string shown)
    {
        var host = new LocalHostFixture();
        host.Settings["Diagnostics:Auth:DevelopmentSignIn"] = developmentSignIn;
        await host.InitializeAsync();
        try
        {
            using var response = await host.Http.GetAsync("/api/agent");
            var html = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(SecurityHeaders.PagePolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Contains($"data-sign-in=\"{mode}\"", html, StringComparison.Ordinal);
            Assert.Contains(shown, html, StringComparison.Ordinal);
            Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(InlineHandler(), html);
            Assert.Equal(["<script src=\"/api/assets/agent.js\" defer>"], ScriptTags().Matches(html).Select(m => m.Value));
            Assert.DoesNotMatch(ExternalReference(), html);

            foreach (var asset in new[] { "agent.js", "agent.css" })
            {
                using var served = await host.Http.GetAsync($"/api/assets/{asset}");
                Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTags();

    [GeneratedRegex(@"(src|href)=""(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
