using System.Text;

namespace Diagnostics.Pseudonymization.Tests;

/// <summary>
/// The detectors and the gate are separate code for the same rules: on any input, whatever the gate
/// calls an identifier after scrubbing must have been pseudonymized, so it never blocks.
/// </summary>
public sealed class FuzzConsistencyTests
{
    private static readonly string[] Fragments =
    [
        "1", "12", "255", "256", "0", "1700", ".", ".", ":", ":", "::", "@", "/", "//", "\\", "\\n", "-", "_", "%", "+", " ", " ",
        "a", "b", "f", "x", "u-", "ff", "ffff", "db8", "2001", "fe80", "eth0", "com", "example", "invalid", "pseudonym",
        "1.2.3.4", "10.0.0.1", "::1", "::ffff:", "fe80::1", "2001:db8::", "a@b.cc", "john@example.com", "rv:", "Chrome/",
        "\"", "[", "]", "=", ",", "(", ")", "%25", "1:2:3:4:5:6:7:8", "\\/", "0x", "g", "std::", "12:34:56", "2001:db8:4::",
        "2001:db8:6:", "u-aaaaaaaaaaaaaaaa@pseudonym.invalid", "@pseudonym.invalid", "ab:cd", "e", "9", "\t", "é", "'",
        "DB8", "FE80", "A", "0000", "%eth0", "Ab", "::FFFF:", "x.y", ".com", "@ex.org", "src:", "client:", "ip", "ver:", "port1:", "rhost=", "for user '", "password =", "pc1.example.net", "of user ", "authenticating user ", "Login: ", "user=<", ">", "sasl_username=",
        "1-2-3-4", "10-0-0-1", "-1", "1-", "ip-", ".user.example.net", "/home/", "/Users/", "C:\\Users\\", "GET ", "/public_html",
        "User ", " from ", "sudo: ", " : ", "CRON[1]: (", ") CMD", "] [", "] OK ", "AH01617: user ", "failures for ", "su for ", " by ",
        "host1", ".2.3.4", ".net", "blk_-", "4111111111111111", "x-", "06-12-34-56-78",
        "HIER_DIRECT/", "DIRECT/", "CORP\\", "\\\\", "1286536309.586 921 ", " TCP_MISS/200 507 GET ",
    ];

    [Fact]
    public void GateNeverBlocksLinesOfAddressLikeCharacters()
    {
        const string alphabet = "0123456789abcdefgxu:::...@@/\\%-_+ n[]";
        var random = new Random(int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out int seed) ? seed : 7);
        using var pseudonymizer = TestKeys.Pseudonymizer();
        var failures = new List<string>();
        long pseudonymized = 0;
        int lines = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_COUNT"), out int count) ? count : 200_000;
        for (int n = 0; n < lines && failures.Count < 20; n++)
        {
            var line = new char[random.Next(1, 40)];
            for (int i = 0; i < line.Length; i++)
            {
                line[i] = alphabet[random.Next(alphabet.Length)];
            }

            var result = TestKeys.Scrub(new string(line), out _, pseudonymizer);
            pseudonymized += result.Report.TotalPseudonymized;
            if (result.Blocked)
            {
                failures.Add($"{new string(line)}  ({result.BlockedKind})");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        // Not vacuous: the random lines are full of identifiers.
        Assert.True(pseudonymized > 1000, $"{pseudonymized} pseudonyms");
    }

    [Fact]
    public void GateNeverBlocksWhatTheDetectorsProduced()
    {
        var random = new Random(int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out int seed) ? seed : 20240601);
        using var pseudonymizer = TestKeys.Pseudonymizer();
        var failures = new List<string>();
        long pseudonymized = 0;
        for (int n = 0; n < (int.TryParse(Environment.GetEnvironmentVariable("FUZZ_COUNT"), out int count) ? count : 200_000) && failures.Count < 20; n++)
        {
            var line = new StringBuilder();
            int parts = random.Next(1, 12);
            for (int i = 0; i < parts; i++)
            {
                line.Append(Fragments[random.Next(Fragments.Length)]);
            }

            string text = line.ToString();
            var result = TestKeys.Scrub(text, out _, pseudonymizer);
            pseudonymized += result.Report.TotalPseudonymized;
            if (result.Blocked)
            {
                failures.Add($"{text}  ({result.BlockedKind})");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        // Not vacuous: the random lines are full of identifiers.
        Assert.True(pseudonymized > 1000, $"{pseudonymized} pseudonyms");
    }
}
