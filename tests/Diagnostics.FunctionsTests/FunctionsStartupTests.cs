using System.Security.Cryptography;
using Diagnostics.Functions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Diagnostics.FunctionsTests;

/// <summary>The Functions worker refuses to start with a setting that would break the promise.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class FunctionsStartupTests
{
    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["Diagnostics:Pseudonymization:KeyId"] = "key-1",
        ["Diagnostics:Pseudonymization:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Diagnostics:Storage:ConnectionString"] = "UseDevelopmentStorage=true",

        // What the Functions host hands its worker; nothing listens there, and validation must stop start-up first.
        ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9",
        ["Functions:Worker:WorkerId"] = Guid.NewGuid().ToString(),
        ["Functions:Worker:RequestId"] = Guid.NewGuid().ToString(),
        ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
    };

    [Theory]
    [InlineData("Diagnostics:Retention:Default", "40.00:00:00", "Retention")]
    [InlineData("Diagnostics:Pseudonymization:MasterKey", "", "MasterKey")]
    [InlineData("Diagnostics:Pseudonymization:KeyId", "", "KeyId")]
    [InlineData("Diagnostics:Storage:TablePrefix", "no/slashes", "TablePrefix")]
    public async Task ABadSettingStopsTheWorker(string key, string value, string named)
    {
        var settings = ValidSettings();
        settings[key] = value;
        using var host = DiagnosticsFunctionsApp.Build([], configuration => configuration.AddInMemoryCollection(settings));
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentSignInOnAzureStopsTheWorker()
    {
        var settings = ValidSettings();
        settings["Diagnostics:Auth:DevelopmentSignIn"] = "true";
        Environment.SetEnvironmentVariable("WEBSITE_SITE_NAME", "func-api-test");
        try
        {
            using var host = DiagnosticsFunctionsApp.Build([], configuration => configuration.AddInMemoryCollection(settings));
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
            Assert.Contains("cannot be enabled on Azure", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("WEBSITE_SITE_NAME", null);
        }
    }
}

[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;
