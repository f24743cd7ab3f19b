using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Diagnostics.Pseudonymization.Tests;

/// <summary>
/// The byte-level keyword search the detectors and the gate find their phrases and token prefixes with: it must
/// report exactly the positions where a plain loop finds a keyword, on every length (block edges, tails, short
/// lines), and each vector width must mark the same candidates as the scalar table look-up.
/// </summary>
public sealed class KeywordSearchTests
{
    private static readonly string[] Keywords =
        ["user ", " for ", "(uid=", "AKIA", "ASIA", "ghp_", "gho_", "github_pat_", "_live_", "xox", "eyJ", "Bearer ", "User ", "sudo", "]: (", "] OK ", "/home/", "Users"];

    private static readonly string[] Pieces =
        ["user", "user ", " for", " for ", "(uid=", "AKIA", "ASI", "gh", "ghp_", "github_pat_", "_live_", "xo", "xox", "ey", "eyJ", "Bearer ", "User",
         "User ", "sudo", "]:", "]: (", "] OK ", "/home/", "/hom", "Users", "a", "b", " ", "=", "é", "\t", "0", "Z", "\u007f", "ÿ"];

    [Fact]
    public void FindsEveryKeywordStartAndNothingElse()
    {
        var search = new KeywordSearch(Keywords);
        var random = new Random(2024);
        int found = 0;
        for (int round = 0; round < 20_000; round++)
        {
            var text = new StringBuilder();
            int length = random.Next(0, 200);
            while (text.Length < length)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }

            var line = Encoding.UTF8.GetBytes(text.ToString());
            var expected = Enumerable.Range(0, line.Length).Where(p => Keywords.Any(k => line.AsSpan(p).StartsWith(Encoding.ASCII.GetBytes(k)))).ToList();
            var actual = new List<int>();
            foreach (int p in search.In(line))
            {
                actual.Add(p);
            }

            Assert.True(expected.SequenceEqual(actual), $"\"{text}\": expected {string.Join(',', expected)}, found {string.Join(',', actual)}");
            found += actual.Count;
        }

        Assert.True(found > 10_000, $"{found} keywords found");
    }

    [Fact]
    public void EveryVectorWidthMarksWhatTheScalarLookUpMarks()
    {
        var search = new KeywordSearch(Keywords);
        var random = new Random(65);
        var block = new byte[66];
        for (int round = 0; round < 20_000; round++)
        {
            random.NextBytes(block);
            if (round % 2 == 0)
            {
                // Mostly keyword bytes, so that candidates are many.
                var source = Encoding.ASCII.GetBytes(string.Concat(Keywords));
                for (int i = 0; i < block.Length; i++)
                {
                    block[i] = source[random.Next(source.Length)];
                }
            }

            ulong scalar = search.CandidatesScalar(ref block[0]);
            for (int i = 0; i < 64; i++)
            {
                if (Keywords.Any(k => block[i] == k[0] && block[i + 1] == k[1] && block[i + 2] == k[2]))
                {
                    Assert.True((scalar & (1UL << i)) != 0, $"position {i}");
                }
            }

            if (Avx512BW.IsSupported)
            {
                Assert.Equal(scalar, search.Candidates512(ref block[0]));
            }

            if (Avx2.IsSupported)
            {
                Assert.Equal(scalar, search.Candidates256(ref block[0]));
            }

            if (Ssse3.IsSupported)
            {
                Assert.Equal(scalar, search.Candidates128(ref block[0]));
            }
        }
    }

    [Fact]
    public void AKeywordMustBeAsciiOfThreeBytesOrMore()
    {
        Assert.Throws<ArgumentException>(() => new KeywordSearch("ab"));
        Assert.Throws<ArgumentException>(() => new KeywordSearch("é!!"));
    }
}
