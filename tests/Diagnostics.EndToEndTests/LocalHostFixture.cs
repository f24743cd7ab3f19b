using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Diagnostics.Api.Security;
using Diagnostics.LocalHost;
using Diagnostics.StorageTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Diagnostics.EndToEndTests;

/// <summary>
/// The local host on a free loopback port, over real HTTP, with its own tables and container on Azurite
/// and a clock the test moves.
/// </summary>
/// <param name="storage">Storage of the test's own (e.g. on an emulator it kills); a fresh one on the shared emulator when null.</param>
public sealed class LocalHostFixture(AzuriteStorage? storage = null) : IAsyncLifetime
{
    public const string FunctionKey = "test-function-key-0123456789";

    private WebApplication? _app;

    public AzuriteStorage Storage { get; } = storage ?? new();

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>Everything the host logged, at every level its filters let through.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Diagnostics:LocalHost:FunctionKey"] = FunctionKey,
        ["Diagnostics:Pseudonymization:KeyId"] = "test-1",
        ["Diagnostics:Pseudonymization:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Diagnostics:Auth:DevelopmentSignIn"] = "true",
        ["Diagnostics:Retention:Default"] = "01:00:00",
        ["Diagnostics:Retention:PurgeSchedule"] = "0 * * * * *",
    };

    public async Task InitializeAsync()
    {
        await Storage.InitializeAsync();
        foreach (var (key, value) in Storage.Settings)
        {
            Settings[key] = value;
        }

        _app = Build(Settings, Clock, logs: Logs);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await Storage.DisposeAsync();
    }

    public static WebApplication Build(
        IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null, string environment = "Development", CapturingLoggerProvider? logs = null) =>
        LocalHostApp.Build(["--urls", "http://127.0.0.1:0", "--environment", environment], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            if (logs is not null)
            {
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddProvider(logs);
            }
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }
        });

    public HttpRequestMessage Ticketing(HttpMethod method, string path, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", FunctionKey);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return request;
    }

    public HttpRequestMessage Push(string ticketId, string category, string body, string contentType = "text/plain")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{ticketId}/snapshots?category={category}&source=web-1");
        request.Headers.Add("x-functions-key", FunctionKey);
        request.Content = new StringContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return request;
    }

    public static HttpRequestMessage AsAgent(HttpMethod method, string path, params string[] roles)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ClientPrincipal.HeaderName, ClientPrincipal.Create("agent.smith", roles.Length == 0 ? [Roles.Agent] : roles).Encode());
        return request;
    }

    /// <summary>Opens a ticket and returns its consent token.</summary>
    public async Task<string> OpenTicketAsync(string ticketId)
    {
        using var response = await Http.SendAsync(Ticketing(HttpMethod.Post, $"/api/tickets/{ticketId}/opened",
            new { customerId = "cust-42", sites = new[] { "shop.example" } }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("consentToken").GetString()!;
    }

    public async Task AcceptAsync(string token, params string[] categories)
    {
        using var response = await Http.PostAsJsonAsync($"/api/consent/{token}", new { decision = "accept", categories });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
