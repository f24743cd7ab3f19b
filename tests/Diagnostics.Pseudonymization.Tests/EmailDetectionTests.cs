using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Diagnostics.Pseudonymization.Tests;

public sealed partial class EmailDetectionTests
{
    [Theory]
    [InlineData("from john.doe+tag@example.com today", "john.doe+tag@example.com")]
    [InlineData("To: <jane_roe@mail.example.org>", "jane_roe@mail.example.org")]
    [InlineData("mailto:x-y%z@ex-ample.co.uk?subject=hi", "x-y%z@ex-ample.co.uk")]
    [InlineData("{\"user\":\"a@b.cc\",\"n\":1}", "a@b.cc")]
    [InlineData("(compatible; bot/1.0; +support@embed.ly)", "+support@embed.ly")]
    [InlineData("sent to 1.2.3.4@example.com", "1.2.3.4@example.com")]
    [InlineData("end of sentence: jane@example.com.", "jane@example.com")]
    [InlineData("postfix/qmgr[1]: 4F2A1: from=<\"john doe\"@example.com>, size=1234", "\"john doe\"@example.com")]
    public void AddressesArePseudonymized(string line, string address)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string pseudonym = pseudonymizer.PseudonymFor(address)!;
        Assert.Equal(line.Replace(address, pseudonym, StringComparison.Ordinal), TestKeys.ScrubLine(line, pseudonymizer));
    }

    [Theory]
    [InlineData("user@localhost and root@host")]
    [InlineData("a@b.c and x@example.c0m")]
    [InlineData("@example.com and \"@\" and a @ b.com")]
    [InlineData("git@github:org/repo")]
    [InlineData("GET /?discount=50%40off&q=%40example.com&r=a%40localhost&s=100%25 HTTP/1.1")]
    [InlineData("{\"handle\":\"@alice.example.com\",\"q\":\"\\\"x\\\"@\"}")]
    [InlineData("{\"path\":\"C:\\\\Users\\\\u0040x\",\"a\":\"\\u0040example.com\",\"b\":\"a\\u0040b\"}")]
    [InlineData("GET /?a=%2C@example.com&b=x%20@example.org HTTP/1.1")]
    [InlineData("systemd[1]: user@1000.service: Succeeded. Started getty@tty1.service and dbus@x.socket")]
    public void ThingsThatAreNotAddressesAreLeftAlone(string line) =>
        Assert.Equal(line, TestKeys.ScrubLine(line));

    [Theory]
    [InlineData("GET /unsubscribe?email=bob%40example.com&list=news HTTP/1.1", "bob%40example.com", "bob@example.com")]
    [InlineData("GET /u/bob%2Bnews%40Example.COM/prefs HTTP/1.1", "bob%2Bnews%40Example.COM", "bob+news@example.com")]
    [InlineData("{\"email\":\"bob\\u002Bnews@example.com\"}", "bob\\u002Bnews@example.com", "bob+news@example.com")]
    [InlineData("/login?user=carol%40example.org&next=%2F", "carol%40example.org", "carol@example.org")]
    [InlineData("{\"email\":\"dave\\u0040example.com\",\"n\":1}", "dave\\u0040example.com", "dave@example.com")]
    [InlineData("{\"to\":\"erin\\u002Bx\\u0040Example.org\"}", "erin\\u002Bx\\u0040Example.org", "erin+x@example.org")]
    [InlineData("GET /share?to=%20fay@example.com HTTP/1.1", "fay@example.com", "fay@example.com")]
    [InlineData("GET /share?to=%3Cgus@example.com%3E HTTP/1.1", "gus@example.com", "gus@example.com")]
    public void AnEncodedAddressGetsThePseudonymOfTheAddressItEncodes(string line, string written, string address)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine(line, pseudonymizer);
        Assert.Equal(line.Replace(written, pseudonymizer.PseudonymFor(address), StringComparison.Ordinal), output);
    }

    [Theory]
    [InlineData("GET /unsubscribe?email=bob%40example.com HTTP/1.1")]
    [InlineData("{\"email\":\"bob\\u002Bnews@example.com\"}")]
    [InlineData("from=<\"john doe\"@example.com>")]
    [InlineData("{\"email\":\"dave\\u0040example.com\"}")]
    [InlineData("GET /share?to=%20fay@example.com HTTP/1.1")]
    public void TheGateBlocksAnEncodedAddress(string line) =>
        Assert.Equal(IdentifierKind.Email, VerificationGate.Check(System.Text.Encoding.UTF8.GetBytes(line)));

    /// <summary>An escaped comma or space between addresses separates them: each keeps the pseudonym it has alone.</summary>
    [Fact]
    public void AnEscapedDelimiterEndsTheAddressBeforeIt()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string a = pseudonymizer.PseudonymFor("a@example.com")!;
        string b = pseudonymizer.PseudonymFor("b@example.net")!;
        Assert.Equal($"to={a}%2C{b}&cc={a}%2c%20{b}", TestKeys.ScrubLine("to=a@example.com%2Cb@example.net&cc=a%40example.com%2c%20b%40example.net", pseudonymizer));
        Assert.Equal($"x {pseudonymizer.PseudonymFor("x+b@example.net")}", TestKeys.ScrubLine("x x%2Bb@example.net", pseudonymizer));
    }

    [Fact]
    public void AnAddressAfterAnEmailAddressAndASlashIsPseudonymizedToo()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        Assert.Equal(
            $"mail {pseudonymizer.PseudonymFor("bob@example.com")}/{pseudonymizer.PseudonymFor("198.51.100.31")} ok",
            TestKeys.ScrubLine("mail bob@example.com/198.51.100.31 ok", pseudonymizer));
    }

    [Fact]
    public void TheDomainIsCaseInsensitiveAndTheLocalPartIsNot()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        Assert.Equal(pseudonymizer.PseudonymFor("jane@example.com"), pseudonymizer.PseudonymFor("jane@EXAMPLE.Com"));

        // RFC 5321 leaves the local part to the receiving host, which may tell Jane from jane.
        Assert.NotEqual(pseudonymizer.PseudonymFor("jane@example.com"), pseudonymizer.PseudonymFor("Jane@example.com"));
    }

    [Fact]
    public void EmailPseudonymsAreValidAddressesOnTheReservedInvalidDomain()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        var pseudonyms = new HashSet<string>();
        for (int i = 0; i < 5000; i++)
        {
            string pseudonym = pseudonymizer.PseudonymFor($"user{i}@example.com")!;
            Assert.Matches(PseudonymShape(), pseudonym);
            Assert.Equal(pseudonym, new MailAddress(pseudonym).Address);
            Assert.True(pseudonyms.Add(pseudonym));
        }
    }

    [Fact]
    public void AnAddressWhoseLocalPartHoldsAnAtIsOneAddress()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine("weird a@b.example@c.example end", pseudonymizer);
        Assert.Matches(@"^weird u-[a-z2-7]{16}@pseudonym\.invalid end$", output);
    }

    [GeneratedRegex("^u-[a-z2-7]{16}@pseudonym\\.invalid$")]
    private static partial Regex PseudonymShape();
}
