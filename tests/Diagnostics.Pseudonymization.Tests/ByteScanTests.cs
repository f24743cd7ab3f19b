namespace Diagnostics.Pseudonymization.Tests;

/// <summary>
/// The block-wise scan the detectors' named-value pass steps through a line with: from any position, forwards
/// or back, it must find what <c>IndexOfAny</c> finds, on every length (block edges, tails, short lines).
/// </summary>
public sealed class ByteScanTests
{
    [Fact]
    public void FindsWhatIndexOfAnyFindsFromEveryPosition()
    {
        var random = new Random(64);
        const string alphabet = ".:@=a0 é";
        int found = 0;
        for (int round = 0; round < 5_000; round++)
        {
            var line = System.Text.Encoding.UTF8.GetBytes(new string(Enumerable.Range(0, random.Next(0, 300)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));
            var two = new ByteScan(line, (byte)'=', (byte)':');
            var three = new ByteScan(line, (byte)'.', (byte)'@', (byte)':');

            // In order, as the passes go, then from random places, as a pass that skips ahead or looks back would.
            var froms = Enumerable.Range(0, line.Length + 2).Concat(Enumerable.Range(0, 50).Select(_ => random.Next(-1, line.Length + 2)));
            foreach (int from in froms)
            {
                int start = Math.Clamp(from, 0, line.Length);
                int expectedTwo = line.AsSpan(start).IndexOfAny((byte)'=', (byte)':');
                int expectedThree = line.AsSpan(start).IndexOfAny((byte)'.', (byte)'@', (byte)':');
                Assert.Equal(expectedTwo < 0 ? -1 : start + expectedTwo, two.Next(from));
                Assert.Equal(expectedThree < 0 ? -1 : start + expectedThree, three.Next(from));
                found += expectedThree < 0 ? 0 : 1;
            }
        }

        Assert.True(found > 100_000, $"{found} positions found");
    }
}
