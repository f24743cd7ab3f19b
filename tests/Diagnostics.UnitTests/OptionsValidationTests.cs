using System.ComponentModel.DataAnnotations;
using Diagnostics.Core.Options;

namespace Diagnostics.UnitTests;

public sealed class OptionsValidationTests
{
    [Fact]
    public void TheDefaultsAreValid()
    {
        Assert.Empty(Validate(new RetentionOptions()));
        Assert.Empty(Validate(new ConsentOptions()));
        Assert.Empty(Validate(new MatchLimitsOptions()));
    }

    [Theory]
    [InlineData(0, 10, "01:00:00")]
    [InlineData(10, 0, "01:00:00")]
    [InlineData(10, 10, "00:00:00")]
    [InlineData(10, 10, "00:00:00.5")]
    [InlineData(10, 10, "2.00:00:00")]
    public void MatchLimitsThatCountNothingOrNeverResetAreRefused(int perCaller, int perTicket, string window) =>
        Assert.NotEmpty(Validate(new MatchLimitsOptions { PerCaller = perCaller, PerTicket = perTicket, Window = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) }));

    [Theory]
    [InlineData("31.00:00:00", "30.00:00:00")]
    [InlineData("10.00:00:00", "5.00:00:00")]
    [InlineData("00:00:00", "30.00:00:00")]
    [InlineData("1.00:00:00", "45.00:00:00")]
    public void RetentionBeyondTheCapIsRefused(string retention, string cap) =>
        Assert.NotEmpty(Validate(new RetentionOptions { Default = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture), Cap = TimeSpan.Parse(cap, System.Globalization.CultureInfo.InvariantCulture) }));

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("every minute")]
    [InlineData("")]
    public void AScheduleThatIsNotSixFieldNcrontabIsRefused(string schedule) =>
        Assert.NotEmpty(Validate(new RetentionOptions { PurgeSchedule = schedule }));

    [Fact]
    public void SecondsLevelRetentionAndScheduleAreAllowedForDemos() =>
        Assert.Empty(Validate(new RetentionOptions { Default = TimeSpan.FromSeconds(30), PurgeSchedule = "*/5 * * * * *" }));

    [Theory]
    [InlineData("k1", "c2hvcnQ=")]
    [InlineData("k1", "not base64 at all")]
    [InlineData("bad id!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void AShortOrMalformedMasterKeyIsRefused(string keyId, string key) =>
        Assert.NotEmpty(Validate(new PseudonymizationOptions { KeyId = keyId, MasterKey = key }));

    private static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
