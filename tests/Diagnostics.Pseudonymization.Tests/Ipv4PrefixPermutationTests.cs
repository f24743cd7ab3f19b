using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Diagnostics.Pseudonymization.Tests;

/// <summary>The prefix-preserving option: a permutation, prefix-preserving exactly, keyed per ticket, and typed.</summary>
public sealed class Ipv4PrefixPermutationTests
{
    private static readonly byte[] Key = Enumerable.Range(7, 16).Select(i => (byte)i).ToArray();

    [Fact]
    public void EveryAddressOfASlashSixteenGetsADifferentImageInsideOneSlashSixteen()
    {
        using var permutation = new Ipv4PrefixPermutation(Key);
        foreach (uint network in new[] { 0xC633_0000u, 0x0A00_0000u, 0xFFFF_0000u })
        {
            var images = new HashSet<uint>();
            for (uint low = 0; low < 65536; low++)
            {
                uint image = permutation.Permute(network | low);
                Assert.True(images.Add(image));
                Assert.Equal(permutation.Permute(network) >> 16, image >> 16);
            }

            // 2^16 distinct images of 16 free bits: the /16 is mapped onto one /16, a bijection.
            Assert.Equal(65536, images.Count);
        }
    }

    /// <summary>
    /// The reasoning test: each bit is recovered from the top, knowing the bits above it, so the map has a left
    /// inverse and is injective on all 2^32 addresses.
    /// </summary>
    [Fact]
    public void PeelingTheBitsFromTheTopRecoversEveryAddress()
    {
        using var permutation = new Ipv4PrefixPermutation(Key);
        var random = new Random(42);
        for (int i = 0; i < 100_000; i++)
        {
            uint address = (uint)random.NextInt64(0, 1L << 32);
            Assert.Equal(address, permutation.Invert(permutation.Permute(address)));
        }

        foreach (uint edge in new[] { 0u, 1u, 0x7FFF_FFFFu, 0x8000_0000u, 0xFFFF_FFFFu })
        {
            Assert.Equal(edge, permutation.Invert(permutation.Permute(edge)));
        }
    }

    [Fact]
    public void TwoAddressesShareExactlyAsManyLeadingBitsAsTheirImages()
    {
        using var permutation = new Ipv4PrefixPermutation(Key);
        var random = new Random(7);
        for (int i = 0; i < 100_000; i++)
        {
            uint a = (uint)random.NextInt64(0, 1L << 32);

            // Neighbours at every distance: flip one bit, and randomize everything below it.
            int flip = i % 32;
            uint below = flip == 31 ? 0 : (uint)random.NextInt64(0, 1L << (31 - flip));
            uint b = ((a ^ (0x8000_0000u >> flip)) & ~((1u << (31 - flip)) - 1)) | below;
            Assert.Equal(BitOperations.LeadingZeroCount(a ^ b), BitOperations.LeadingZeroCount(permutation.Permute(a) ^ permutation.Permute(b)));
        }
    }

    /// <summary>The batched nodes compute the specified function: f(prefix) is one bit of AES of that prefix's node.</summary>
    [Fact]
    public void EveryBitIsTheSpecifiedFunctionOfItsPrefix()
    {
        using var permutation = new Ipv4PrefixPermutation(Key);
        using var aes = Aes.Create();
        aes.Key = Key;
        var random = new Random(3);
        for (int n = 0; n < 300; n++)
        {
            uint address = (uint)random.NextInt64(0, 1L << 32);
            uint expected = 0;
            for (int i = 0; i < 32; i++)
            {
                int whole = i / 8 * 8;
                int extra = i - whole;
                var block = new byte[32];
                for (int half = 0; half < 2; half++)
                {
                    block[16 * half] = (byte)'P';
                    block[(16 * half) + 1] = (byte)whole;
                    block[(16 * half) + 2] = (byte)half;
                    for (int b = 0; b < whole / 8; b++)
                    {
                        block[(16 * half) + 3 + b] = (byte)(address >> (24 - (8 * b)));
                    }
                }

                var node = aes.EncryptEcb(block, PaddingMode.None);
                int position = (1 << extra) - 1 + (extra == 0 ? 0 : (int)((address >> (32 - i)) & ((1u << extra) - 1)));
                uint f = (uint)(node[position / 8] >> (position % 8)) & 1;
                expected |= (((address >> (31 - i)) & 1) ^ f) << (31 - i);
            }

            Assert.Equal(expected, permutation.Permute(address));
        }
    }

    [Fact]
    public void ThePermutationDependsOnTheKeyAndIsNotTheIdentity()
    {
        using var permutation = new Ipv4PrefixPermutation(Key);
        using var other = new Ipv4PrefixPermutation(new byte[16]);
        int fixedPoints = 0;
        int same = 0;
        var random = new Random(11);
        for (int i = 0; i < 4096; i++)
        {
            uint address = (uint)random.NextInt64(0, 1L << 32);
            fixedPoints += permutation.Permute(address) == address ? 1 : 0;
            same += permutation.Permute(address) == other.Permute(address) ? 1 : 0;
        }

        Assert.True(fixedPoints <= 1);
        Assert.True(same <= 1);
    }

    [Fact]
    public void APrefixPreservingTicketGivesTypedPseudonymsThatKeepItsSubnets()
    {
        using var pseudonymizer = new Pseudonymizer(PrefixPreserving("T-1"));
        string first = pseudonymizer.PseudonymFor("203.0.113.7")!;
        string neighbour = pseudonymizer.PseudonymFor("203.0.113.200")!;
        string otherNet = pseudonymizer.PseudonymFor("203.0.114.7")!;

        Assert.StartsWith("2001:db8:4:1::", first, StringComparison.Ordinal);
        Assert.Equal(first, pseudonymizer.PseudonymFor("::ffff:203.0.113.7"));
        // 7 and 200 differ from the first bit of the last byte; 113 and 114 from the seventh bit of the third.
        Assert.Equal(96 + 24, CommonPrefix(first, neighbour));
        Assert.Equal(96 + 16 + 6, CommonPrefix(first, otherNet));
        Assert.NotEqual(first, neighbour);

        // The same ticket without the option: the opaque range, and no subnet kept.
        using var opaque = TestKeys.Pseudonymizer("T-1");
        Assert.StartsWith("2001:db8:4::", opaque.PseudonymFor("203.0.113.7"), StringComparison.Ordinal);
        Assert.NotEqual(first, opaque.PseudonymFor("203.0.113.7"));
    }

    [Fact]
    public void PseudonymsDoNotLinkAcrossTickets()
    {
        using var one = new Pseudonymizer(PrefixPreserving("T-1"));
        using var other = new Pseudonymizer(PrefixPreserving("T-1", salt: Enumerable.Repeat((byte)9, 32).ToArray()));
        using var again = new Pseudonymizer(PrefixPreserving("T-1"));
        var addresses = Enumerable.Range(0, 256).Select(d => $"198.51.100.{d}").ToArray();

        Assert.Equal(addresses.Select(one.PseudonymFor), addresses.Select(again.PseudonymFor));
        Assert.DoesNotContain(addresses, a => one.PseudonymFor(a) == other.PseudonymFor(a));

        // Even the /24 lands elsewhere: f is keyed from the very first bit.
        Assert.DoesNotContain(Enumerable.Range(0, 32), i => Top24($"{i * 7}.1.2.3", one) == Top24($"{i * 7}.1.2.3", other));
    }

    [Fact]
    public void AScrubbedLogKeepsItsSubnetsPassesTheGateAndIsTheSameWhateverTheParallelism()
    {
        var log = new StringBuilder();
        for (int i = 0; i < 40_000; i++)
        {
            log.Append(FormattableString.Invariant($"10.{i % 7}.{i % 251}.{i % 253} - - [10/Oct/2000:13:55:36 -0700] \"GET /item/{i} HTTP/1.0\" 200 {i}\n"));
        }

        using var single = new Pseudonymizer(PrefixPreserving("T-1"));
        using var many = new Pseudonymizer(PrefixPreserving("T-1"));
        var one = TestKeys.Scrub(log.ToString(), out string sequential, single, new ScrubOptions { Parallelism = 1 });
        var four = TestKeys.Scrub(log.ToString(), out string parallel, many, new ScrubOptions { Parallelism = 4 });

        Assert.False(one.Blocked);
        Assert.False(four.Blocked);
        Assert.Equal(sequential, parallel);
        Assert.Equal(40_000, one.Report.Pseudonymized["ipv4"]);
        Assert.DoesNotContain("10.", sequential, StringComparison.Ordinal);

        // Every line of 10.0.0.0/8 stays in one /104; each 10.x.0.0/16 in one /112.
        var lines = sequential.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var addresses = lines.Select(l => IPAddress.Parse(l[..l.IndexOf(' ', StringComparison.Ordinal)]).GetAddressBytes()).ToArray();
        Assert.Single(addresses.Select(a => Convert.ToHexString(a, 0, 13)).Distinct());
        Assert.Equal(7, addresses.Select(a => Convert.ToHexString(a, 0, 14)).Distinct().Count());
        Assert.All(lines, l => Assert.StartsWith("2001:db8:4:1::", l, StringComparison.Ordinal));
    }

    private static TicketKey PrefixPreserving(string ticketId, byte[]? salt = null) =>
        TicketKey.Derive(TestKeys.MasterKey, salt ?? TestKeys.Salt, ticketId, prefixPreservingIps: true);

    private static int CommonPrefix(string a, string b)
    {
        var x = new BigInteger(IPAddress.Parse(a).GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        var y = new BigInteger(IPAddress.Parse(b).GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        var difference = x ^ y;
        return difference.IsZero ? 128 : 128 - (int)difference.GetBitLength();
    }

    private static string Top24(string address, Pseudonymizer pseudonymizer) =>
        Convert.ToHexString(IPAddress.Parse(pseudonymizer.PseudonymFor(address)!).GetAddressBytes(), 12, 3);
}
