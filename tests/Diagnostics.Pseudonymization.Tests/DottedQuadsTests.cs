namespace Diagnostics.Pseudonymization.Tests;

/// <summary>
/// The pre-filter both address passes step through a line's dotted quads with: it must mark exactly the dots a plain
/// loop marks, on every length (block edges, the look-ahead into the next block, tails), from every position.
/// </summary>
public sealed class DottedQuadsTests
{
    [Fact]
    public void MarksTheDotsAPlainLoopMarks()
    {
        var random = new Random(4);
        string[] pieces = ["1", "12", "255", "1700", ".", ".", "1.2.3.4", "a", " ", ":", "é", "10.0.0.1", "5.0"];
        int marked = 0;
        for (int round = 0; round < 20_000; round++)
        {
            var text = new System.Text.StringBuilder();
            int length = random.Next(0, 300);
            while (text.Length < length)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var line = System.Text.Encoding.UTF8.GetBytes(text.ToString());
            var expected = Enumerable.Range(0, line.Length).Where(i => IsFirstDot(line, i)).ToList();
            var quads = new DottedQuads(line);
            var found = new List<int>();
            for (int p = quads.Next(0); p >= 0; p = quads.Next(p + 1))
            {
                found.Add(p);
            }

            Assert.True(expected.SequenceEqual(found), $"\"{text}\": expected {string.Join(',', expected)}, found {string.Join(',', found)}");
            for (int k = 0; k < 20; k++)
            {
                int from = random.Next(-1, line.Length + 2);
                Assert.Equal(expected.Where(i => i >= from).DefaultIfEmpty(-1).First(), quads.Next(from));
            }

            marked += found.Count;
        }

        Assert.True(marked > 5_000, $"{marked} dots marked");
    }

    private static bool IsBetweenDigits(byte[] line, int i) =>
        i > 0 && i + 1 < line.Length && line[i] == '.' && char.IsAsciiDigit((char)line[i - 1]) && char.IsAsciiDigit((char)line[i + 1]);

    private static bool IsFirstDot(byte[] line, int i) =>
        IsBetweenDigits(line, i) && Enumerable.Range(i + 2, 3).Any(j => IsBetweenDigits(line, j) && Enumerable.Range(j + 2, 3).Any(k => IsBetweenDigits(line, k)));
}
