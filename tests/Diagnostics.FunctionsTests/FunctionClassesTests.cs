using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Diagnostics.Functions;
using Diagnostics.Functions.Functions;
using Diagnostics.Storage;
using Diagnostics.StorageTests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Diagnostics.FunctionsTests;

/// <summary>The function classes, called directly with the worker's own composition and Azurite behind it.</summary>
public sealed class FunctionClassesTests : IAsyncLifetime
{
    private readonly AzuriteStorage _storage = new();
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        await _storage.InitializeAsync();
        var settings = new Dictionary<string, string?>(_storage.Settings)
        {
            ["Diagnostics:Pseudonymization:KeyId"] = "key-1",
            ["Diagnostics:Pseudonymization:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        _host = DiagnosticsFunctionsApp.Build([], configuration => configuration.AddInMemoryCollection(settings));
        await _host.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _storage.DisposeAsync();
    }

    [Fact]
    public async Task TheFunctionsRunTheSharedOperations()
    {
        var opened = await RunAsync(request => new TicketFunctions().OpenTicket(request, "T-9"),
            "POST", "{\"customerId\":\"cust-9\",\"sites\":[\"shop.example\"]}", "application/json");
        Assert.Equal(201, opened.Status);
        var token = JsonDocument.Parse(opened.Body).RootElement.GetProperty("consentToken").GetString()!;

        var refused = await RunAsync(request => new SnapshotFunctions().PushSnapshot(request, "T-9"), "POST", "203.0.113.9 - - x\n", "text/plain", "?category=access&source=web-1");
        Assert.Equal(403, refused.Status);

        var accepted = await RunAsync(request => new ConsentFunctions().DecideConsent(request, token),
            "POST", "{\"decision\":\"accept\",\"categories\":[\"access\"]}", "application/json");
        Assert.Equal(200, accepted.Status);

        var pushed = await RunAsync(request => new SnapshotFunctions().PushSnapshot(request, "T-9"),
            "POST", "203.0.113.9 - - [26/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl/8\"\n", "text/plain", "?category=access&source=web-1");
        Assert.Equal(201, pushed.Status);
        Assert.DoesNotContain("203.0.113.9", await _storage.DumpAsync(), StringComparison.Ordinal);

        var revoked = await RunAsync(request => new ConsentFunctions().RevokeConsent(request, token), "DELETE");
        Assert.Equal(200, revoked.Status);
        Assert.Equal(1, JsonDocument.Parse(revoked.Body).RootElement.GetProperty("snapshotsDeleted").GetInt32());
    }

    [Fact]
    public async Task AnInvalidIdIsAProblemNotAnException()
    {
        var response = await RunAsync(request => new TicketFunctions().CloseTicket(request, "T 9'"), "POST");
        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    private async Task<(int Status, string? ContentType, string Body)> RunAsync(
        Func<HttpRequest, Task<IActionResult>> function, string method, string? body = null, string? contentType = null, string query = "")
    {
        var context = new DefaultHttpContext { RequestServices = _host.Services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("func-api.example");
        context.Request.QueryString = new QueryString(query);
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            context.Request.ContentType = contentType;
        }

        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        var result = await function(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return (context.Response.StatusCode, context.Response.ContentType?.Split(';')[0], Encoding.UTF8.GetString(responseBody.ToArray()));
    }
}
