using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Diagnostics.Pseudonymization;

namespace Diagnostics.Cli;

/// <summary><c>diag scrub</c>: standard input pseudonymized to standard output, as the service would store it.</summary>
internal static class ScrubCommand
{
    /// <summary>Prefix of the fixed dry-run salt, SHA-256(prefix + ticket id); documented in the usage text.</summary>
    internal const string DryRunSaltPrefix = "diag-scrub-dry-run:";

    /// <summary>A scrubbed line with the gate's common cases: a pseudonym, a time, a request, named values, versions.</summary>
    private static ReadOnlySpan<byte> WarmUpLine =>
        "2001:db8:4::1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a?id=1&user=user-aaaaaaaaaaaaaaaa HTTP/1.1\" 200 2326 \"http://example.com/\" \"Mozilla/5.0 (X11; rv:1.8.1.3) Chrome/66.0.3359.158\""u8;

    private const int MaxTicketIdLength = 64;

    /// <summary>Runs the command; <c>adjustOptions</c> lets tests change the scrub options the arguments gave.</summary>
    internal static async Task<int> RunAsync(
        string[] args, Stream stdin, Stream stdout, TextWriter stderr, CancellationToken cancellationToken, Func<ScrubOptions, ScrubOptions>? adjustOptions = null)
    {
        if (!TryParse(args, out var settings, out string? error))
        {
            return Program.UsageError(stderr, error);
        }

        byte[] masterKey;
        try
        {
            masterKey = Convert.FromBase64String(File.ReadAllText(settings.KeyFile).Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or NotSupportedException)
        {
            return Program.UsageError(stderr, e is FormatException ? "the key file does not hold base64." : $"cannot read the key file: {e.Message}");
        }

        if (masterKey.Length < TicketKey.MinMasterKeyBytes)
        {
            return Program.UsageError(stderr, $"the key file must hold at least {TicketKey.MinMasterKeyBytes} bytes in base64.");
        }

        FileStream? report = null;
        if (settings.ReportFile is { } reportFile)
        {
            try
            {
                report = new FileStream(reportFile, FileMode.Create, FileAccess.Write, FileShare.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return Program.UsageError(stderr, $"cannot write the report file: {e.Message}");
            }
        }

        await using (report)
        {
            var salt = SHA256.HashData(Encoding.UTF8.GetBytes(DryRunSaltPrefix + settings.TicketId));
            using var pseudonymizer = new Pseudonymizer(TicketKey.Derive(masterKey, salt, settings.TicketId, settings.PrefixPreserving));
            CryptographicOperations.ZeroMemory(masterKey);

            // Run from `dotnet build` (JIT), the verification gate's code is compiled on another core while the first blocks
            // are read and scrubbed; the published native executable has nothing to compile and this costs microseconds.
            _ = Task.Run(static () => VerificationGate.Check(WarmUpLine, LogFormat.Clf));
            ScrubResult result;
            try
            {
                var options = new ScrubOptions { Format = settings.Format, CustomerIds = settings.CustomerIds };
                result = await LogScrubber.ScrubAsync(stdin, stdout, pseudonymizer, adjustOptions?.Invoke(options) ?? options, cancellationToken);
            }
            catch (InputRejectedException e)
            {
                stderr.WriteLine($"diag: input rejected: {e.Message} Nothing of it may be stored; discard the output.");
                return ExitCodes.InputRejected;
            }
            catch (IOException e)
            {
                stderr.WriteLine($"diag: {e.Message}");
                return ExitCodes.Failure;
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine("diag: cancelled; the output is incomplete.");
                return ExitCodes.Failure;
            }

            if (report is not null)
            {
                await WriteReportAsync(report, result, cancellationToken);
            }

            if (result.Blocked)
            {
                stderr.WriteLine(
                    $"diag: blocked: after pseudonymization the verification gate still found a raw {Describe(result.BlockedKind)} in line {result.FirstBlockedLine}. " +
                    "Nothing of this log may be stored; the output stops before that line and must be discarded.");
                return ExitCodes.Blocked;
            }

            return ExitCodes.Success;
        }
    }

    internal static bool IsValidTicketId(string value) =>
        value.Length is > 0 and <= MaxTicketIdLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static bool TryParse(string[] args, out Settings settings, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        settings = default;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var customerIds = new List<CustomerIdPattern>();
        bool prefixPreserving = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string name;
            string? value = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 2)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
            }

            if (name == "--prefix-preserving")
            {
                if (value is not null || prefixPreserving)
                {
                    error = value is null ? "--prefix-preserving is given twice." : "--prefix-preserving takes no value.";
                    return false;
                }

                prefixPreserving = true;
                continue;
            }

            if (name is not ("--ticket" or "--key-file" or "--format" or "--report" or "--customer-id-prefix"))
            {
                error = $"unknown argument '{Printable(name)}'.";
                return false;
            }

            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    error = $"{name} needs a value.";
                    return false;
                }

                value = args[++i];
            }

            if (name == "--customer-id-prefix")
            {
                if (!TryParseCustomerId(value, out var pattern, out error))
                {
                    return false;
                }

                customerIds.Add(pattern);
                continue;
            }

            if (!values.TryAdd(name, value))
            {
                error = $"{name} is given twice.";
                return false;
            }
        }

        if (!values.TryGetValue("--ticket", out string? ticketId))
        {
            error = "--ticket is required.";
            return false;
        }

        if (!IsValidTicketId(ticketId))
        {
            error = "the ticket id must be 1 to 64 letters, digits, '_' or '-'.";
            return false;
        }

        if (!values.TryGetValue("--key-file", out string? keyFile) || keyFile.Length == 0)
        {
            error = "--key-file is required.";
            return false;
        }

        var format = LogFormat.Auto;
        if (values.TryGetValue("--format", out string? formatName))
        {
            LogFormat? parsed = formatName switch
            {
                "auto" => LogFormat.Auto,
                "clf" => LogFormat.Clf,
                "jsonl" => LogFormat.JsonLines,
                "text" => LogFormat.Text,
                _ => null,
            };
            if (parsed is null)
            {
                error = "--format must be auto, clf, jsonl or text.";
                return false;
            }

            format = parsed.Value;
        }

        string? reportFile = values.GetValueOrDefault("--report");
        if (reportFile is { Length: 0 })
        {
            error = "--report needs a file name.";
            return false;
        }

        settings = new Settings(ticketId, keyFile, format, reportFile, customerIds, prefixPreserving);
        error = null;
        return true;
    }

    /// <summary><c>cust-</c> means <c>cust-\d+</c>; a value that ends in <c>\d+</c> or <c>\w+</c> is the whole pattern.</summary>
    private static bool TryParseCustomerId(
        string value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CustomerIdPattern? pattern, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        string text = value.EndsWith(@"\d+", StringComparison.Ordinal) || value.EndsWith(@"\w+", StringComparison.Ordinal) ? value : value + @"\d+";
        try
        {
            pattern = CustomerIdPattern.Parse(text);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            pattern = null;
            error = $"--customer-id-prefix '{Printable(value)}': {e.Message}";
            return false;
        }
    }

    private static async Task WriteReportAsync(Stream stream, ScrubResult result, CancellationToken cancellationToken)
    {
        await using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("lines", result.Lines);
            json.WriteNumber("bytesIn", result.BytesIn);
            json.WriteNumber("bytesOut", result.BytesOut);
            WriteCounts(json, "pseudonymized", result.Report.Pseudonymized);
            WriteCounts(json, "removed", result.Report.Removed);
            json.WriteNumber("blockedLines", result.BlockedLines);
            json.WriteEndObject();
        }

        await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, long> counts)
    {
        json.WriteStartObject(name);
        foreach (var (detector, count) in counts)
        {
            json.WriteNumber(detector, count);
        }

        json.WriteEndObject();
    }

    private static string Describe(IdentifierKind kind) => kind switch
    {
        IdentifierKind.Ipv4 => "IPv4 address",
        IdentifierKind.Ipv6 => "IPv6 address",
        IdentifierKind.Email => "e-mail address",
        IdentifierKind.User => "user name",
        IdentifierKind.Phone => "phone number",
        IdentifierKind.Iban => "IBAN",
        IdentifierKind.CustomerId => "customer id",
        IdentifierKind.Card => "card number",
        _ => "secret",
    };

    /// <summary>Arguments are echoed in errors; keep that short and on one line.</summary>
    private static string Printable(string value) =>
        new(value.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private readonly record struct Settings(
        string TicketId, string KeyFile, LogFormat Format, string? ReportFile, IReadOnlyList<CustomerIdPattern> CustomerIds, bool PrefixPreserving);
}
