using Diagnostics.Core.Security;
using Microsoft.Extensions.Time.Testing;

namespace Diagnostics.UnitTests;

public sealed class ConsentTokensTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AnIssuedTokenNamesItsTicket()
    {
        var tokens = new ConsentTokens(TestKeys.Ring(), _clock);
        Assert.Equal("T-1", tokens.Validate(tokens.Issue("T-1", _clock.GetUtcNow().AddDays(1))));
    }

    [Fact]
    public void AnExpiredTokenIsRefused()
    {
        var tokens = new ConsentTokens(TestKeys.Ring(), _clock);
        var token = tokens.Issue("T-1", _clock.GetUtcNow().AddHours(1));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(tokens.Validate(token));
    }

    [Fact]
    public void ATokenBoundToOneTicketCannotBeMovedToAnother()
    {
        var tokens = new ConsentTokens(TestKeys.Ring(), _clock);
        var token = tokens.Issue("T-1", _clock.GetUtcNow().AddDays(1));
        Assert.Null(tokens.Validate("T-2" + token[3..]));
    }

    [Fact]
    public void AnExtendedExpiryIsRefused()
    {
        var tokens = new ConsentTokens(TestKeys.Ring(), _clock);
        var parts = tokens.Issue("T-1", _clock.GetUtcNow().AddDays(1)).Split('.');
        parts[2] = (long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) + 86400).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Null(tokens.Validate(string.Join('.', parts)));
    }

    [Fact]
    public void ATokenSignedWithAnotherMasterKeyIsRefused()
    {
        var token = new ConsentTokens(TestKeys.Ring(), _clock).Issue("T-1", _clock.GetUtcNow().AddDays(1));
        Assert.Null(new ConsentTokens(TestKeys.Ring(), _clock).Validate(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("T-1")]
    [InlineData("T-1.k1.99999999999.")]
    [InlineData("T-1.k1.abc.AAAA")]
    [InlineData("../x.k1.1.AAAA")]
    [InlineData("T-1.k1.99999999999.!!!!")]
    [InlineData("a.b.c.d.e")]
    public void MalformedTokensAreRefused(string token) => Assert.Null(new ConsentTokens(TestKeys.Ring(), _clock).Validate(token));
}
