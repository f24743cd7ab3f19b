using System.Diagnostics;
using System.Text;
using Diagnostics.Cli;

namespace Diagnostics.Pseudonymization.Tests;

/// <summary>
/// <c>diag</c> as <c>dotnet publish</c> makes it: one native executable (ahead-of-time compiled, trimmed), run as a
/// process. It must write what the tool run in-process writes, byte for byte, and keep its exit codes.
/// </summary>
public sealed class PublishedToolTests : IClassFixture<PublishedToolTests.PublishedTool>
{
    private readonly PublishedTool _tool;

    public PublishedToolTests(PublishedTool tool) => _tool = tool;

    [Fact]
    public void PublishingGivesOneNativeExecutable()
    {
        Assert.True(_tool.PublishExitCode == 0, _tool.PublishLog);
        var header = new byte[4];
        using (var file = File.OpenRead(_tool.Executable))
        {
            file.ReadExactly(header);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), header);
        Assert.False(File.Exists(Path.Combine(_tool.Directory, "diag.dll")), "the package still needs the .NET runtime");
    }

    [Fact]
    public async Task TheNativeToolWritesWhatTheToolInProcessWrites()
    {
        // The real Apache log, then lines of other systems and other detectors, with both line endings.
        var input = new MemoryStream();
        input.Write(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "apache_combined.log")));
        input.Write(Encoding.UTF8.GetBytes(
            "Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2\r\n" +
            "{\"ts\":\"2026-11-27T08:00:00Z\",\"client\":\"2001:db8::7\",\"email\":\"jane.doe@example.com\",\"msg\":\"card 4111 1111 1111 1111\"}\n" +
            "GET /login?user=alice&token=abc123def456 from ::ffff:192.0.2.10 tel +33 6 12 34 56 78 FR7630006000011234567890189\n" +
            "last line without a newline 198.51.100.23"));
        byte[] bytes = input.ToArray();
        string reportInProcess = Path.Combine(_tool.Directory, "in-process.json");
        string reportNative = Path.Combine(_tool.Directory, "native.json");

        var expected = new MemoryStream();
        var stderr = new StringWriter();
        int code = await Program.RunAsync(
            ["scrub", "--ticket", "T-42", "--key-file", _tool.KeyFile, "--report", reportInProcess], new MemoryStream(bytes), expected, stderr, CancellationToken.None);
        Assert.True(code == ExitCodes.Success, stderr.ToString());

        var native = await _tool.RunAsync(bytes, "scrub", "--ticket", "T-42", "--key-file", _tool.KeyFile, "--report", reportNative);

        Assert.True(native.Code == ExitCodes.Success, native.Stderr);
        Assert.Empty(native.Stderr);
        Assert.Equal(expected.ToArray(), native.Stdout);
        Assert.Equal(await File.ReadAllTextAsync(reportInProcess), await File.ReadAllTextAsync(reportNative));
        Assert.DoesNotContain("173.234.31.186", Encoding.UTF8.GetString(native.Stdout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNativeToolKeepsItsExitCodes()
    {
        var help = await _tool.RunAsync([], "--help");
        Assert.Equal(ExitCodes.Success, help.Code);
        Assert.Contains("diag scrub --ticket ID --key-file FILE", Encoding.UTF8.GetString(help.Stdout), StringComparison.Ordinal);

        var usage = await _tool.RunAsync([], "scrub", "--ticket", "T-1");
        Assert.Equal(ExitCodes.Usage, usage.Code);
        Assert.Contains("--key-file is required.", usage.Stderr, StringComparison.Ordinal);

        var rejected = await _tool.RunAsync([.. "ok 203.0.113.7\nbad "u8, 0xFF, .. "\n"u8], "scrub", "--ticket", "T-1", "--key-file", _tool.KeyFile);
        Assert.Equal(ExitCodes.InputRejected, rejected.Code);
        Assert.Contains("line 2 is not valid UTF-8", rejected.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Publishes <c>diag</c> once for the class, with the project's own publish settings.</summary>
    public sealed class PublishedTool : IAsyncLifetime
    {
        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("diag-published-").FullName;

        public string Executable => Path.Combine(Directory, "diag");

        public string KeyFile => Path.Combine(Directory, "master.key");

        public int PublishExitCode { get; private set; } = -1;

        public string PublishLog { get; private set; } = "";

        public async Task InitializeAsync()
        {
            await File.WriteAllTextAsync(KeyFile, Convert.ToBase64String(TestKeys.MasterKey) + "\n");
            string project = Path.Combine(RepositoryRoot(), "functions", "Diagnostics.Cli", "Diagnostics.Cli.csproj");
            using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", Directory, "--nologo", "-v", "quiet"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEndAsync();
            await publish.WaitForExitAsync();
            PublishLog = await output + await errors;
            PublishExitCode = publish.ExitCode;
        }

        public Task DisposeAsync()
        {
            System.IO.Directory.Delete(Directory, recursive: true);
            return Task.CompletedTask;
        }

        public async Task<(int Code, byte[] Stdout, string Stderr)> RunAsync(byte[] stdin, params string[] args)
        {
            Assert.True(PublishExitCode == 0, PublishLog);
            using var process = Process.Start(new ProcessStartInfo(Executable, args)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stdout = new MemoryStream();
            var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
            var errors = process.StandardError.ReadToEndAsync();
            await process.StandardInput.BaseStream.WriteAsync(stdin);
            process.StandardInput.Close();
            await copyOut;
            string stderr = await errors;
            await process.WaitForExitAsync();
            return (process.ExitCode, stdout.ToArray(), stderr);
        }

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Diagnostics.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Diagnostics.sln not found above the test directory.");
        }
    }
}
