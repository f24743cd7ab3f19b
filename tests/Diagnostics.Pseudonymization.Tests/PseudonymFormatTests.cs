using System.Net;

namespace Diagnostics.Pseudonymization.Tests;

public sealed class PseudonymFormatTests
{
    [Theory]
    [InlineData(0x0000_0000u, "2001:db8:4::")]
    [InlineData(0x0000_0001u, "2001:db8:4::1")]
    [InlineData(0x0000_abcdu, "2001:db8:4::abcd")]
    [InlineData(0x0001_0000u, "2001:db8:4::1:0")]
    [InlineData(0x0a0b_0c0du, "2001:db8:4::a0b:c0d")]
    [InlineData(0xffff_ffffu, "2001:db8:4::ffff:ffff")]
    public void Ipv4PseudonymsAreWrittenInRfc5952Form(uint low, string expected)
    {
        var address = new byte[16] { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x04, 0, 0, 0, 0, 0, 0, (byte)(low >> 24), (byte)(low >> 16), (byte)(low >> 8), (byte)low };
        Span<byte> text = stackalloc byte[Ipv6Text.MaxLength];
        int length = Ipv6Text.Format(address, text);
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(text[..length]));
    }

    [Theory]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    [InlineData("1:0:0:0:0:0:0:0", "1::")]
    [InlineData("0:0:0:0:0:0:0:0", "::")]
    [InlineData("1:0:2:0:0:3:0:0", "1:0:2::3:0:0")]
    [InlineData("1:0:0:2:0:0:3:4", "1::2:0:0:3:4")]
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")]
    [InlineData("2001:0DB8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1")]
    public void TheLongestFirstRunOfTwoOrMoreZeroGroupsIsCompressed(string full, string canonical)
    {
        var address = IPAddress.Parse(full).GetAddressBytes();
        Span<byte> text = stackalloc byte[Ipv6Text.MaxLength];
        int length = Ipv6Text.Format(address, text);
        Assert.Equal(canonical, System.Text.Encoding.ASCII.GetString(text[..length]));
    }

    [Fact]
    public void CanonicalFormMatchesTheRuntimeFormatterEvenWithZeroRuns()
    {
        var random = new Random(11);
        var address = new byte[16];
        Span<byte> text = stackalloc byte[Ipv6Text.MaxLength];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(address);
            address[0] = 0x20;

            // Zero out random groups so that runs of every length and position occur. The first group stays
            // non-zero: the runtime writes ::a.b.c.d for the IPv4-compatible prefix, RFC 5952 §5 allows it.
            for (int g = 1; g < 8; g++)
            {
                if (random.Next(3) == 0)
                {
                    address[2 * g] = 0;
                    address[(2 * g) + 1] = 0;
                }
            }

            int length = Ipv6Text.Format(address, text);
            Assert.Equal(new IPAddress(address).ToString(), System.Text.Encoding.ASCII.GetString(text[..length]));
        }
    }

    [Fact]
    public void Ipv4PseudonymsAreCanonicalAddressesInTheirOwnPrefix()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        for (int i = 0; i < 2000; i++)
        {
            string pseudonym = pseudonymizer.PseudonymFor($"198.51.{i / 256}.{i % 256}")!;
            var bytes = IPAddress.Parse(pseudonym).GetAddressBytes();
            Assert.Equal(IPAddress.Parse(pseudonym).ToString(), pseudonym);
            Assert.Equal(new byte[] { 0x20, 0x01, 0x0d, 0xb8, 0, 4, 0, 0, 0, 0, 0, 0 }, bytes[..12]);
        }
    }
}
