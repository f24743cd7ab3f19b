using System.Diagnostics;

namespace Diagnostics.FunctionsTests;

public sealed class PublishPackageTests
{
    /// <summary>What Azure needs to run the app, and no local settings that could carry secrets.</summary>
    [Fact]
    public async Task PublishProducesACompleteDeploymentPackage()
    {
        var root = RepositoryRoot();
        var output = Directory.CreateTempSubdirectory("diagnostics-publish-");
        try
        {
            var publish = Process.Start(new ProcessStartInfo("dotnet",
                ["publish", Path.Combine(root, "functions", "Diagnostics.Functions", "Diagnostics.Functions.csproj"), "-c", "Release", "-o", output.FullName, "--nologo", "-v", "quiet"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var log = await publish.StandardOutput.ReadToEndAsync() + await publish.StandardError.ReadToEndAsync();
            await publish.WaitForExitAsync();
            Assert.True(publish.ExitCode == 0, log);

            foreach (var file in new[] { "functions.metadata", "host.json", "worker.config.json", "Diagnostics.Functions.dll", "Diagnostics.Functions.deps.json" })
            {
                Assert.True(File.Exists(Path.Combine(output.FullName, file)), $"{file} is missing from the package");
            }

            Assert.Empty(Directory.GetFiles(output.FullName, "local.settings*.json", SearchOption.AllDirectories));
            Assert.Contains("\"telemetryMode\": \"OpenTelemetry\"", await File.ReadAllTextAsync(Path.Combine(output.FullName, "host.json")), StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
        }
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
