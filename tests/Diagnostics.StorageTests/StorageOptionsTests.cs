using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Diagnostics.Storage;
using Diagnostics.StorageTests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Diagnostics.StorageTests;

/// <summary>Settings only: nothing here reaches storage.</summary>
public sealed class StorageOptionsTests
{
    [Fact]
    public void DefaultsPointAtTheDevelopmentStorage()
    {
        using var services = Build([]);

        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;

        Assert.Equal("UseDevelopmentStorage=true", options.ConnectionString);
        Assert.Equal("diag", options.TablePrefix);
        Assert.Equal("snapshots", options.SnapshotContainer);
        Assert.Null(options.BlobServiceUri);
        Assert.Null(options.TableServiceUri);
        Assert.Equal("diagtickets", options.TableName("tickets"));
    }

    [Theory]
    [InlineData("TablePrefix", "1diag")]
    [InlineData("TablePrefix", "di-ag")]
    [InlineData("TablePrefix", "di_ag")]
    [InlineData("TablePrefix", "")]
    [InlineData("TablePrefix", "a234567890123456789012345678901")]
    [InlineData("SnapshotContainer", "Snapshots")]
    [InlineData("SnapshotContainer", "snap--shots")]
    [InlineData("SnapshotContainer", "-snapshots")]
    [InlineData("SnapshotContainer", "ab")]
    [InlineData("SnapshotContainer", "")]
    [InlineData("ConnectionString", "")]
    [InlineData("BlobServiceUri", "https://account.blob.core.windows.net/")]
    [InlineData("TableServiceUri", "https://account.table.core.windows.net/")]
    public void ABadSettingFailsValidation(string name, string value)
    {
        using var services = Build(new() { [$"Diagnostics:Storage:{name}"] = value });

        var failure = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.NotEmpty(failure.Failures);
    }

    [Fact]
    public async Task ABadTablePrefixStopsTheHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Diagnostics:Storage:TablePrefix"] = "bad-prefix",
        });
        builder.Services.AddDiagnosticsStorage();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(CancellationToken.None));
        Assert.Contains(failure.Failures, f => f.Contains("TablePrefix", StringComparison.Ordinal));
    }

    [Fact]
    public void ServiceUrisReplaceTheConnectionString()
    {
        using var services = Build(new()
        {
            ["Diagnostics:Storage:ConnectionString"] = "",
            ["Diagnostics:Storage:BlobServiceUri"] = "https://diagacct.blob.core.windows.net/",
            ["Diagnostics:Storage:TableServiceUri"] = "https://diagacct.table.core.windows.net/",
        });

        Assert.True(services.GetRequiredService<IOptions<StorageOptions>>().Value.UsesServiceUris);
        Assert.Equal(new Uri("https://diagacct.table.core.windows.net/"), services.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri("https://diagacct.blob.core.windows.net/"), services.GetRequiredService<BlobServiceClient>().Uri);
    }

    [Fact]
    public void ServiceUrisMustBeHttp()
    {
        using var services = Build(new()
        {
            ["Diagnostics:Storage:BlobServiceUri"] = "ftp://diagacct.blob.core.windows.net/",
            ["Diagnostics:Storage:TableServiceUri"] = "https://diagacct.table.core.windows.net/",
        });

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);
    }

    [Fact]
    public void ClientsAndStoresAreSingletons()
    {
        using var services = Build([]);

        Assert.Same(services.GetRequiredService<TableServiceClient>(), services.GetRequiredService<TableServiceClient>());
        Assert.Same(services.GetRequiredService<BlobServiceClient>(), services.GetRequiredService<BlobServiceClient>());
        Assert.Same(
            services.GetRequiredService<Core.Storage.ITicketStore>(), services.GetRequiredService<Core.Storage.ITicketStore>());
        Assert.Single(services.GetServices<IHostedService>());
    }

    [Fact]
    public void RawLogsAreReadFromTheSnapshotsAccountUnlessAnotherIsNamed()
    {
        using (var services = Build(new()
        {
            ["Diagnostics:Storage:ConnectionString"] = "",
            ["Diagnostics:Storage:BlobServiceUri"] = "https://diagacct.blob.core.windows.net/",
            ["Diagnostics:Storage:TableServiceUri"] = "https://diagacct.table.core.windows.net/",
        }))
        {
            var source = Assert.IsType<BlobRawLogSource>(services.GetRequiredService<Core.Storage.IRawLogSource>());
            Assert.Equal(new Uri("https://diagacct.blob.core.windows.net/platform-logs"), source.ContainerUri);
        }

        using (var services = Build(new()
        {
            ["Diagnostics:Capture:SourceContainer"] = "weblogs",
            ["Diagnostics:Capture:SourceBlobServiceUri"] = "https://rawacct.blob.core.windows.net/",
        }))
        {
            var source = Assert.IsType<BlobRawLogSource>(services.GetRequiredService<Core.Storage.IRawLogSource>());
            Assert.Equal(new Uri("https://rawacct.blob.core.windows.net/weblogs"), source.ContainerUri);
        }
    }

    [Theory]
    [InlineData("SourceContainer", "Platform_Logs")]
    [InlineData("SourceContainer", "")]
    [InlineData("SourceBlobServiceUri", "ftp://rawacct.blob.core.windows.net/")]
    public void ABadRawLogSourceSettingFailsValidation(string name, string value)
    {
        using var services = Build(new() { [$"Diagnostics:Capture:{name}"] = value });

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RawLogSourceOptions>>().Value);
    }

    [Fact]
    public void ARawLogSourceIsNamedOneWayOnly()
    {
        using var services = Build(new()
        {
            ["Diagnostics:Capture:SourceConnectionString"] = "UseDevelopmentStorage=true",
            ["Diagnostics:Capture:SourceBlobServiceUri"] = "https://rawacct.blob.core.windows.net/",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RawLogSourceOptions>>().Value);
        Assert.Contains(failure.Failures, f => f.Contains("not both", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = AzuriteStorage.CreateServices(settings);
        services.AddDiagnosticsStorage();
        services.AddDiagnosticsStorage();
        return services.BuildServiceProvider();
    }
}
