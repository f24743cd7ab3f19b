namespace Diagnostics.Pseudonymization.Tests;

/// <summary>Two different IPv4 addresses of a ticket never share a pseudonym.</summary>
public sealed class Ipv4PermutationTests
{
    private static readonly byte[] Key = Enumerable.Range(7, 16).Select(i => (byte)i).ToArray();

    [Fact]
    public void TwoToTheTwentyAddressesGetTwoToTheTwentyDifferentImages()
    {
        using var permutation = new Ipv4Permutation(Key);
        var images = new HashSet<uint>();

        // Spread over the space: the top 12 bits fixed per run of 2^16, the low 16 bits all covered.
        for (uint high = 0; high < 16; high++)
        {
            for (uint low = 0; low < 65536; low++)
            {
                Assert.True(images.Add(permutation.Permute((high * 0x0FFF_0000) | low)));
            }
        }

        Assert.Equal(1 << 20, images.Count);
    }

    /// <summary>
    /// The reasoning test: a function with a left inverse is injective. The inverse runs the Feistel rounds
    /// backwards, which works whatever the round function, so the permutation is injective on all 2^32 inputs.
    /// </summary>
    [Fact]
    public void RunningTheRoundsBackwardsRecoversEveryAddress()
    {
        using var permutation = new Ipv4Permutation(Key);
        var random = new Random(42);
        for (int i = 0; i < 200_000; i++)
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
    public void TabulatedRoundsComputeTheSameFunctionAsTheCipher()
    {
        using var cipher = new Ipv4Permutation(Key, tableThreshold: int.MaxValue);
        using var tables = new Ipv4Permutation(Key, tableThreshold: 0);
        var random = new Random(5);
        for (int i = 0; i < 50_000; i++)
        {
            uint address = (uint)random.NextInt64(0, 1L << 32);
            Assert.Equal(cipher.Permute(address), tables.Permute(address));
        }
    }

    [Fact]
    public void ThePermutationIsNotTheIdentityAndDependsOnTheKey()
    {
        using var permutation = new Ipv4Permutation(Key);
        using var other = new Ipv4Permutation(new byte[16]);
        int fixedPoints = 0;
        int same = 0;
        for (uint address = 0x0A00_0000; address < 0x0A00_1000; address++)
        {
            fixedPoints += permutation.Permute(address) == address ? 1 : 0;
            same += permutation.Permute(address) == other.Permute(address) ? 1 : 0;
        }

        Assert.True(fixedPoints <= 1);
        Assert.True(same <= 1);
    }

    [Fact]
    public void NeighbouringAddressesGetUnrelatedPseudonyms()
    {
        using var pseudonymizer = TestKeys.Pseudonymizer();
        var pseudonyms = new HashSet<string>();
        for (int c = 0; c < 256; c++)
        {
            for (int d = 0; d < 256; d++)
            {
                Assert.True(pseudonyms.Add(pseudonymizer.PseudonymFor($"10.20.{c}.{d}")!));
            }
        }

        // The subnet does not survive: the pseudonyms of one /24 spread over the whole 2001:db8:4::/96.
        var highHalves = Enumerable.Range(0, 256)
            .Select(d => System.Net.IPAddress.Parse(pseudonymizer.PseudonymFor($"10.20.30.{d}")!).GetAddressBytes())
            .Select(bytes => (bytes[12] << 8) | bytes[13])
            .Distinct()
            .Count();
        Assert.True(highHalves > 200, $"{highHalves} distinct high halves");
    }
}
