namespace Diagnostics.Cli;

public static class Program
{
    internal const string UsageText =
        """
        diag: support diagnostics tool.

        Usage:
          diag scrub --ticket ID --key-file FILE [--format auto|clf|jsonl|text] [--report FILE]
                     [--customer-id-prefix P]... [--prefix-preserving]
          diag help | --help

        scrub   Reads a log on standard input and writes it pseudonymized on standard output, as the
                service stores it (decompressed). Identifiers become typed, keyed pseudonyms: IPv4 and
                IPv6 addresses (2001:db8:4::…, 2001:db8:6:…), e-mail addresses (u-…@pseudonym.invalid),
                user names (user-…), host names of a common log (host-…), phone numbers (phone-…),
                IBANs (iban-…), customer ids (cid-…). Passwords, tokens, API keys, JWTs, cookies, authorization headers and
                card numbers are removed ([removed:KIND]). Every other byte stays as it is. Each output
                line then passes the verification gate; when it finds a raw identifier or secret,
                nothing more is written.

          --ticket ID      ticket id: 1 to 64 letters, digits, '_' or '-'
          --key-file FILE  a master key: at least 32 random bytes, in base64
          --format F       auto (the default: decided line by line), clf, jsonl or text
          --report FILE    also write the redaction report to FILE, as JSON
          --customer-id-prefix P
                           pseudonymize customer ids: P followed by digits (cust- means
                           cust-\d+), or, written P\w+, by letters, digits and '_';
                           repeatable, one per shape
          --prefix-preserving
                           IPv4 pseudonyms preserve subnets (2001:db8:4:1::…): addresses
                           that share their first k bits share the first k bits of their
                           pseudonyms' last 32. Reveals the subnet structure; off by default,
                           as in the service, where a ticket opts in when it is registered

        Dry run: the service derives each ticket's key from the master key and a random salt that
        only it holds. Without that salt, diag derives the key with the fixed salt
        SHA-256("diag-scrub-dry-run:" + ID). The output shows what would be stored and how, but
        its pseudonyms are not the ones the service will give the same values.

        Exit codes: 0 done; 1 failure (I/O); 2 bad usage; 3 blocked by the verification gate (the
        output is incomplete: discard it); 4 input rejected (a line longer than 65536 bytes, or
        not UTF-8).
        """;

    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        await using var stdin = Console.OpenStandardInput();
        await using var stdout = Console.OpenStandardOutput();
        return await RunAsync(args, stdin, stdout, Console.Error, cancellation.Token);
    }

    /// <summary>Runs one command against the given streams; what <see cref="Main"/> does with the console's.</summary>
    public static int Run(string[] args, Stream stdin, Stream stdout, TextWriter stderr) =>
        RunAsync(args, stdin, stdout, stderr, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, Stream stdin, Stream stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        switch (args.FirstOrDefault())
        {
            case "help" or "--help" or "-h":
                await WriteUsageAsync(stdout, cancellationToken);
                return ExitCodes.Success;
            case "scrub" when args.Skip(1).Any(a => a is "--help" or "-h"):
                await WriteUsageAsync(stdout, cancellationToken);
                return ExitCodes.Success;
            case "scrub":
                return await ScrubCommand.RunAsync(args[1..], stdin, stdout, stderr, cancellationToken);
            case null:
                return UsageError(stderr, "a command is required.");
            default:
                return UsageError(stderr, "unknown command.");
        }
    }

    internal static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"diag: {message}");
        stderr.WriteLine();
        stderr.Write(UsageText);
        stderr.WriteLine();
        return ExitCodes.Usage;
    }

    private static async Task WriteUsageAsync(Stream stdout, CancellationToken cancellationToken)
    {
        await stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(UsageText + Environment.NewLine), cancellationToken);
        await stdout.FlushAsync(cancellationToken);
    }
}
