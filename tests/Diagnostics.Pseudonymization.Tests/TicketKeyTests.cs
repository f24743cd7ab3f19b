namespace Diagnostics.Pseudonymization.Tests;

public sealed class TicketKeyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    public void MasterKeysShorterThan32BytesAreRefused(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => TicketKey.Derive(new byte[length], TestKeys.Salt, "T-1"));
        Assert.Equal("masterKey", error.ParamName);
    }

    [Fact]
    public void ShortSaltsAndEmptyTicketIdsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => TicketKey.Derive(TestKeys.MasterKey, new byte[8], "T-1"));
        Assert.Throws<ArgumentException>(() => TicketKey.Derive(TestKeys.MasterKey, TestKeys.Salt, ""));
    }

    [Fact]
    public void NewSaltsAre32RandomBytes()
    {
        var first = TicketKey.NewSalt();
        var second = TicketKey.NewSalt();
        Assert.Equal(TicketKey.SaltBytes, first.Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void TheSameKeySaltAndTicketGiveTheSamePseudonyms()
    {
        using var first = TestKeys.Pseudonymizer();
        using var second = TestKeys.Pseudonymizer();
        foreach (string value in new[] { "203.0.113.7", "2001:db8::1", "jane@example.com" })
        {
            Assert.Equal(first.PseudonymFor(value), second.PseudonymFor(value));
        }
    }

    [Fact]
    public void AnotherTicketGivesOtherPseudonyms()
    {
        using var ticket1 = TestKeys.Pseudonymizer("T-1");
        using var ticket2 = TestKeys.Pseudonymizer("T-2");
        foreach (string value in new[] { "203.0.113.7", "2001:db8::1", "jane@example.com" })
        {
            Assert.NotEqual(ticket1.PseudonymFor(value), ticket2.PseudonymFor(value));
        }
    }

    [Fact]
    public void AnotherSaltGivesOtherPseudonyms()
    {
        using var before = TestKeys.Pseudonymizer();
        using var after = TestKeys.Pseudonymizer(salt: TicketKey.NewSalt());
        foreach (string value in new[] { "203.0.113.7", "2001:db8::1", "jane@example.com" })
        {
            Assert.NotEqual(before.PseudonymFor(value), after.PseudonymFor(value));
        }
    }

    [Fact]
    public void AnotherMasterKeyGivesOtherPseudonyms()
    {
        using var current = TestKeys.Pseudonymizer();
        using var rotated = new Pseudonymizer(TicketKey.Derive(new byte[32], TestKeys.Salt, "T-1"));
        Assert.NotEqual(current.PseudonymFor("203.0.113.7"), rotated.PseudonymFor("203.0.113.7"));
    }
}
