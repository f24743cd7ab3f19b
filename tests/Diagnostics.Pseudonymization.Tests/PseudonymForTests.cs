namespace Diagnostics.Pseudonymization.Tests;

public sealed class PseudonymForTests
{
    [Theory]
    [InlineData("GET / from 203.0.113.7 ok", "203.0.113.7")]
    [InlineData("v6 [2001:db8:0:0::17]:80", "2001:db8::17")]
    [InlineData("mapped ::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("zone fe80::abcd%wlan0 up", "fe80::abcd")]
    [InlineData("mail Jane.Roe@Example.ORG sent", "Jane.Roe@example.org")]
    [InlineData("utf-8 jané@exämple.fr sent", "jané@exämple.fr")]
    public void PseudonymForEqualsWhatTheScrubberWrote(string line, string candidate)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine(line, pseudonymizer);
        string pseudonym = pseudonymizer.PseudonymFor(candidate)!;
        Assert.NotNull(pseudonym);
        Assert.Contains(pseudonym, output, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedAddressesGetThePseudonymsOfAFreshTicketWhateverTheOrder()
    {
        // Its caches must never answer one address with another's pseudonym: slots shared by many addresses, a client's
        // repeats, and more addresses than the caches keep.
        using var pseudonymizer = TestKeys.Pseudonymizer();
        using var fresh = TestKeys.Pseudonymizer();
        var random = new Random(256);
        var busy = Enumerable.Range(0, 3_000).Select(_ => (uint)random.NextInt64(0, 1L << 32)).ToArray();
        var expected = new Dictionary<uint, string>();
        for (int i = 0; i < 240_000; i++)
        {
            uint address = i % 3 == 0 ? (uint)random.NextInt64(0, 1L << 32) : busy[random.Next(random.Next(1, busy.Length))];
            string text = new System.Net.IPAddress(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(address)).ToString();
            if (!expected.TryGetValue(address, out string? pseudonym))
            {
                pseudonym = fresh.PseudonymFor(text)!;
                expected[address] = pseudonym;
            }

            Assert.Equal(pseudonym, pseudonymizer.PseudonymFor(text));
        }

        Assert.True(expected.Count > Pseudonymizer.MaxCacheEntries, $"{expected.Count} addresses");
        Assert.Equal(expected.Count, expected.Values.Distinct().Count());
    }

    [Fact]
    public void TheCandidateIsTrimmed()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        Assert.Equal(pseudonymizer.PseudonymFor("203.0.113.7"), pseudonymizer.PseudonymFor(" \t203.0.113.7\r\n"));
        Assert.Equal(pseudonymizer.PseudonymFor("jane@example.com"), pseudonymizer.PseudonymFor(" jane@example.com "));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hello")]
    [InlineData("1.2.3")]
    [InlineData("256.1.1.1")]
    [InlineData("203.0.113.7:80")]
    [InlineData("203.0.113.7 203.0.113.8")]
    [InlineData("::")]
    [InlineData("std::string")]
    [InlineData("12:34:56")]
    [InlineData("jane@localhost")]
    [InlineData("http://203.0.113.7/")]
    public void ValuesThatAreNotOneIdentifierHaveNoPseudonym(string candidate)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        Assert.Null(pseudonymizer.PseudonymFor(candidate));
    }

    [Fact]
    public void PseudonymsHaveTheirType()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        Assert.StartsWith("2001:db8:4:", pseudonymizer.PseudonymFor("203.0.113.7"), StringComparison.Ordinal);
        Assert.StartsWith("2001:db8:6:", pseudonymizer.PseudonymFor("2001:db8::1"), StringComparison.Ordinal);
        Assert.EndsWith("@pseudonym.invalid", pseudonymizer.PseudonymFor("jane@example.com"), StringComparison.Ordinal);
    }

    [Fact]
    public void APseudonymInTheInputIsPseudonymizedAgainAsAnOrdinaryValue()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string once = pseudonymizer.PseudonymFor("203.0.113.7")!;
        string twice = pseudonymizer.PseudonymFor(once)!;
        Assert.NotEqual(once, twice);
        Assert.StartsWith("2001:db8:6:", twice, StringComparison.Ordinal);

        string email = pseudonymizer.PseudonymFor("jane@example.com")!;
        Assert.NotEqual(email, pseudonymizer.PseudonymFor(email));
    }
}
