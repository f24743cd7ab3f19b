using System.Text.Json;
using Diagnostics.Api;
using Microsoft.AspNetCore.Routing;

namespace Diagnostics.EndToEndTests;

public sealed class HostRoutesTests
{
    /// <summary>
    /// The Functions SDK writes functions.metadata from the function attributes at build time; the local host must
    /// serve exactly those HTTP routes and methods, with the function key exactly where Azure asks for it.
    /// </summary>
    [Fact]
    public async Task LocalHostServesExactlyTheRoutesOfTheFunctionsMetadata()
    {
        var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(FindFunctionsMetadata())).RootElement;
        var functions = metadata.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m =>
                    $"{m.GetString()!.ToUpperInvariant()} /api/{b.GetProperty("route").GetString()} {b.GetProperty("authLevel").GetString()}")))
            .Order()
            .ToArray();

        await using var app = LocalHostFixture.Build(new Dictionary<string, string?>
        {
            ["Diagnostics:LocalHost:FunctionKey"] = LocalHostFixture.FunctionKey,
            ["Diagnostics:Pseudonymization:KeyId"] = "k",
            ["Diagnostics:Pseudonymization:MasterKey"] = Convert.ToBase64String(new byte[32]),
        });
        var local = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m =>
            {
                var name = e.Metadata.GetMetadata<EndpointNameMetadata>()!.EndpointName;
                var access = ApiRoutes.Named(name).Access == RouteAccess.FunctionKey ? "Function" : "Anonymous";
                return $"{m} {e.RoutePattern.RawText} {access}";
            }))
            .Order()
            .ToArray();

        Assert.NotEmpty(functions);
        Assert.Equal(functions, local);
    }

    [Fact]
    public async Task PurgeExpiredIsATimerOnTheConfiguredSchedule()
    {
        var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(FindFunctionsMetadata())).RootElement;
        var purge = Assert.Single(metadata.EnumerateArray(), f => f.GetProperty("name").GetString() == "PurgeExpired");
        var trigger = Assert.Single(purge.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.Equal("%Diagnostics:Retention:PurgeSchedule%", trigger.GetProperty("schedule").GetString());
    }

    private static string FindFunctionsMetadata()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Diagnostics.sln")))
            {
                var path = Path.Combine(dir.FullName, "functions", "Diagnostics.Functions", "bin", configuration, "net10.0", "functions.metadata");
                Assert.True(File.Exists(path), $"Build the Functions app first ({configuration}): {path} is missing.");
                return path;
            }
        }

        throw new InvalidOperationException("Diagnostics.sln not found above the test directory.");
    }
}
