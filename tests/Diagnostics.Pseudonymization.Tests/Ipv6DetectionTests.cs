using System.Globalization;
using System.Net;
using System.Text;

namespace Diagnostics.Pseudonymization.Tests;

public sealed class Ipv6DetectionTests
{
    [Theory]
    [InlineData("client 2001:db8::1 connected", "2001:db8::1")]
    [InlineData("localhost ::1 only", "::1")]
    [InlineData("[2001:db8:85a3::8a2e:370:7334]:443", "2001:db8:85a3::8a2e:370:7334")]
    [InlineData("full 2001:0db8:85a3:0000:0000:8a2e:0370:7334 form", "2001:0db8:85a3:0000:0000:8a2e:0370:7334")]
    [InlineData("8 groups 1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8")]
    [InlineData("nat64 64:ff9b::192.0.2.33 seen", "64:ff9b::192.0.2.33")]
    [InlineData("addr:fe80::1 and addr=fe80::2", "fe80::1", "fe80::2")]
    [InlineData("connect to 2001:db8::5: Connection refused", "2001:db8::5")]
    [InlineData("{\"ip\":\"2a01:e0a:1f:4c0::42\"}", "2a01:e0a:1f:4c0::42")]
    [InlineData("10:00:00.123456 IP6 2001:db8::1.443 > 2001:db8::2.51234: Flags [S]", "2001:db8::1", "2001:db8::2")]
    public void AddressesArePseudonymized(string line, params string[] addresses)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine(line, pseudonymizer);
        string expected = line;
        foreach (string address in addresses)
        {
            expected = expected.Replace(address, pseudonymizer.PseudonymFor(address), StringComparison.Ordinal);
        }

        Assert.Equal(expected, output);
    }

    [Fact]
    public void EveryFormTheDetectorsFindLetsALineHoldALiteral()
    {
        // The scanner and the gate skip IPv6 look-ups on lines that fail this: it must hold for every literal.
        var random = new Random(4291);
        Span<byte> text = stackalloc byte[Ipv6Text.MaxLength];
        for (int n = 0; n < 20_000; n++)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            for (int g = 0; g < 8; g++)
            {
                if (random.Next(3) == 0)
                {
                    bytes[2 * g] = bytes[(2 * g) + 1] = 0;
                }
            }

            var address = new IPAddress(bytes);
            string canonical = Encoding.ASCII.GetString(text[..Ipv6Text.Format(bytes, text)]);
            string full = string.Join(':', Enumerable.Range(0, 8).Select(g => ((bytes[2 * g] << 8) | bytes[(2 * g) + 1]).ToString("x", CultureInfo.InvariantCulture)));
            foreach (string form in new[] { canonical, full, address.ToString(), $"0:0:0:0:0:ffff:{bytes[12]}.{bytes[13]}.{bytes[14]}.{bytes[15]}" })
            {
                Assert.True(LineBits.Of(Encoding.ASCII.GetBytes(form), LineBits.Reader.Gate).MayHoldIpv6Literal, form);
                if (form.Any(char.IsAsciiDigit))
                {
                    // Not vacuous: the detectors do take each of these forms for an address ("::" alone, without a digit, they leave).
                    Assert.NotEqual($"at {form} now", TestKeys.ScrubLine($"at {form} now"));
                }
            }
        }
    }

    [Theory]
    [InlineData("[17/May/2015:10:05:03 +0000] \"GET http://example.com/a:b HTTP/1.1\" 200")]
    [InlineData("1:2:3:4 and 12:34")]
    public void ALineWithoutADoubleColonOrSixColonsHoldsNoLiteral(string line) =>
        Assert.False(LineBits.Of(Encoding.ASCII.GetBytes(line), LineBits.Reader.Gate).MayHoldIpv6Literal);

    [Fact]
    public void TheZoneIdIsPartOfTheMatchAndDropped()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string output = TestKeys.ScrubLine("link fe80::1%eth0 and fe80::1%25en0, up", pseudonymizer);
        string pseudonym = pseudonymizer.PseudonymFor("fe80::1")!;
        Assert.Equal($"link {pseudonym} and {pseudonym}, up", output);
    }

    [Theory]
    [InlineData("2001:DB8::1")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001")]
    [InlineData("2001:db8:0:0:0:0:0:1")]
    [InlineData("2001:db8::0:1")]
    [InlineData("[2001:db8::1]")]
    [InlineData("2001:db8::1%eth0")]
    [InlineData("  2001:db8::1\t")]
    public void EveryTextualFormGivesThePseudonymOfTheCanonicalForm(string form)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        Assert.Equal(pseudonymizer.PseudonymFor("2001:db8::1"), pseudonymizer.PseudonymFor(form));
    }

    [Theory]
    [InlineData("::ffff:192.0.2.128")]
    [InlineData("::FFFF:192.0.2.128")]
    [InlineData("::ffff:c000:280")]
    [InlineData("0:0:0:0:0:ffff:192.0.2.128")]
    public void AnIpv4MappedAddressIsTheSameClientAsTheIpv4Address(string mapped)
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        Assert.Equal(pseudonymizer.PseudonymFor("192.0.2.128"), pseudonymizer.PseudonymFor(mapped));
        Assert.Equal($"from {pseudonymizer.PseudonymFor("192.0.2.128")}", TestKeys.ScrubLine($"from {mapped}", pseudonymizer));
    }

    /// <summary>Node's remoteAddress and its port, written one after the other: no group follows a dotted tail.</summary>
    [Fact]
    public void APortAfterAMappedAddressIsNoGroup()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        Assert.Equal(
            $"from [{pseudonymizer.PseudonymFor("192.0.2.128")}]:51234 and [{pseudonymizer.PseudonymFor("1:2:3:4:5:6:1.2.3.4")}]:22, not ::ffff:192.0.2.128:abc",
            TestKeys.ScrubLine("from ::ffff:192.0.2.128:51234 and 1:2:3:4:5:6:1.2.3.4:22, not ::ffff:192.0.2.128:abc", pseudonymizer));
        Assert.Equal(IdentifierKind.Ipv6, VerificationGate.Check("from ::ffff:192.0.2.128:51234"u8));
    }

    [Fact]
    public void AKeysColonBeforeACompressedAddressIsNoPartOfIt()
    {
        // to:::ffff:… is the key "to" and ::ffff:…; the three colons had left the address raw on both sides.
        using var pseudonymizer = TestKeys.Pseudonymizer();
        Assert.Equal(
            $"to:{pseudonymizer.PseudonymFor("198.51.100.9")} addr:{pseudonymizer.PseudonymFor("::1")}/64",
            TestKeys.ScrubLine("to:::FFFF:198.51.100.9 addr:::1/64", pseudonymizer));
        Assert.Equal(IdentifierKind.Ipv6, VerificationGate.Check("mail to:::ffff:198.51.100.9 end"u8));
    }

    [Fact]
    public void AnAddressWithAPortGetsABracketedPseudonym()
    {
        // The IPv4 pseudonym is an IPv6 address: a port after it would read as one more group (…:c46e:8080).
        using var pseudonymizer = TestKeys.Pseudonymizer();
        string P(string address) => pseudonymizer.PseudonymFor(address)!;
        Assert.Equal(
            $"to [{P("203.0.113.7")}]:443, [{P("203.0.113.8")}]:443, http://[{P("203.0.113.9")}]:8080/x, [{P("2001:db8:1::5")}]:22 and [{P("203.0.113.10")}]:80.",
            TestKeys.ScrubLine("to 203.0.113.7:443, [203.0.113.8]:443, http://203.0.113.9:8080/x, [2001:db8:1::5]:22 and 203.0.113.10:80.", pseudonymizer));
        Assert.Equal(IdentifierKind.None, VerificationGate.Check(System.Text.Encoding.UTF8.GetBytes($"to [{P("203.0.113.7")}]:443")));
    }

    [Fact]
    public void TheGateBlocksATcpdumpEndpoint() =>
        Assert.Equal(IdentifierKind.Ipv6, VerificationGate.Check("10:00:00.123456 IP6 2001:db8::1.443 > 2001:db8:6::2.51234: Flags [S]"u8));

    [Theory]
    [InlineData("[17/May/2015:10:05:03 +0000] at 12:34:56 and 10:05:03.123")]
    [InlineData("mac 00:1a:2b:3c:4d:5e and 00:1A:2B:3C:4D:5E:6F")]
    [InlineData("the :: operator, a lone ::, and std::string or std::vector<int>")]
    [InlineData("Foo::Bar::baz() and Dead::Beef and cafe::babe")]
    [InlineData("md5 d41d8cd98f00b204e9800998ecf8427e sha 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")]
    [InlineData("request 123e4567-e89b-12d3-a456-426614174000")]
    [InlineData("host:8080 and localhost:80 and a:b:c and 1:2:3")]
    [InlineData("nine groups 1:2:3:4:5:6:7:8:9 and 12345::1 and 1::2::3")]
    public void TimesMacAddressesCodeAndHashesAreLeftAlone(string line) =>
        Assert.Equal(line, TestKeys.ScrubLine(line));

    [Fact]
    public void Ipv6PseudonymsAreCanonicalAddressesInTheirOwnPrefix()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        var random = new Random(3);
        var address = new byte[16];
        for (int i = 0; i < 2000; i++)
        {
            random.NextBytes(address);
            string pseudonym = pseudonymizer.PseudonymFor(new IPAddress(address).ToString())!;
            var parsed = IPAddress.Parse(pseudonym);
            Assert.Equal(parsed.ToString(), pseudonym);
            Assert.StartsWith("2001:db8:6:", pseudonym, StringComparison.Ordinal);
        }
    }
}
