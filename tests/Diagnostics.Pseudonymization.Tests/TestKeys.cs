using System.Text;

namespace Diagnostics.Pseudonymization.Tests;

/// <summary>Fixed keys and a one-call scrub, so that tests read as input → output.</summary>
internal static class TestKeys
{
    internal static readonly byte[] MasterKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    internal static readonly byte[] Salt = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    internal static TicketKey Ticket(string ticketId = "T-1", byte[]? salt = null) =>
        TicketKey.Derive(MasterKey, salt ?? Salt, ticketId);

    internal static Pseudonymizer Pseudonymizer(string ticketId = "T-1", byte[]? salt = null) => new(Ticket(ticketId, salt));

    internal static ScrubResult Scrub(string text, out string output, Pseudonymizer? pseudonymizer = null, ScrubOptions? options = null) =>
        Scrub(Encoding.UTF8.GetBytes(text), out output, pseudonymizer, options);

    internal static ScrubResult Scrub(byte[] input, out string output, Pseudonymizer? pseudonymizer = null, ScrubOptions? options = null)
    {
        using var owned = pseudonymizer is null ? Pseudonymizer() : null;
        using var destination = new MemoryStream();
        var result = LogScrubber.ScrubAsync(new MemoryStream(input), destination, pseudonymizer ?? owned!, options ?? new ScrubOptions(), CancellationToken.None)
            .GetAwaiter().GetResult();
        output = Encoding.UTF8.GetString(destination.ToArray());
        return result;
    }

    /// <summary>The scrubbed text of a single line that the gate accepts.</summary>
    internal static string ScrubLine(string line, Pseudonymizer? pseudonymizer = null)
    {
        var result = Scrub(line, out string output, pseudonymizer);
        Assert.False(result.Blocked, $"the gate blocked: {output}");
        return output;
    }
}
