using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Diagnostics.EndToEndTests;

/// <summary>A bad setting stops the host before it serves anything.</summary>
public sealed class StartupValidationTests
{
    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["Diagnostics:LocalHost:FunctionKey"] = LocalHostFixture.FunctionKey,
        ["Diagnostics:Pseudonymization:KeyId"] = "k1",
        ["Diagnostics:Pseudonymization:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Diagnostics:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
    };

    [Theory]
    [InlineData("Diagnostics:Retention:Default", "31.00:00:00", "Retention")]
    [InlineData("Diagnostics:Retention:Cap", "45.00:00:00", "Cap")]
    [InlineData("Diagnostics:Retention:PurgeSchedule", "every five minutes", "PurgeSchedule")]
    [InlineData("Diagnostics:Pseudonymization:MasterKey", "c2hvcnQ=", "MasterKey")]
    [InlineData("Diagnostics:Pseudonymization:MasterKey", "", "MasterKey")]
    [InlineData("Diagnostics:LocalHost:FunctionKey", "", "FunctionKey")]
    [InlineData("Diagnostics:Capture:MaxHours", "0", "MaxHours")]
    [InlineData("Diagnostics:Capture:LookbackHours", "200", "LookbackHours")]
    [InlineData("Diagnostics:Capture:SourceContainer", "Raw_Logs", "SourceContainer")]
    [InlineData("Diagnostics:MatchLimits:PerCaller", "0", "PerCaller")]
    [InlineData("Diagnostics:MatchLimits:Window", "00:00:00.250", "MatchLimits:Window")]
    public async Task ABadSettingStopsTheHost(string key, string value, string named)
    {
        var settings = ValidSettings();
        settings[key] = value;
        await using var app = LocalHostFixture.Build(settings);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentSignInIsRefusedOutsideDevelopment()
    {
        var settings = ValidSettings();
        settings["Diagnostics:Auth:DevelopmentSignIn"] = "true";
        await using var app = LocalHostFixture.Build(settings, environment: "Production");
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("DevelopmentSignIn", error.Message, StringComparison.Ordinal);
    }
}
