using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Diagnostics.Storage;
using Diagnostics.StorageTests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Diagnostics.StorageTests;

public sealed class StorageInitializerTests : StorageTest
{
    [Fact]
    public async Task EnsureCreatedIsIdempotent()
    {
        await Storage.Initializer.EnsureCreatedAsync(Ct);
        await Storage.Initializer.EnsureCreatedAsync(Ct);

        // A second instance (another host on the same storage) finds everything there already.
        var another = new StorageInitializer(
            Storage.TableService, Storage.BlobService, Storage.Services.GetRequiredService<IOptions<StorageOptions>>());
        await another.EnsureCreatedAsync(Ct);

        Assert.Equal(
            ["audit", "expiry", "purgeruns", "ratecounters", "receipts", "snapshots", "tickets"],
            (await ListTablesAsync(Storage.TableService, Storage.TablePrefix)).Select(t => t[Storage.TablePrefix.Length..]));
        Assert.True(await Storage.BlobService.GetBlobContainerClient(Storage.ContainerName).ExistsAsync(Ct));
    }

    [Fact]
    public async Task TheHostCreatesTheStorageWhenItStarts()
    {
        var storage = new AzuriteStorage();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(storage.Settings);
        builder.Services.AddDiagnosticsStorage();
        using var host = builder.Build();
        var tables = host.Services.GetRequiredService<TableServiceClient>();
        var container = host.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(storage.ContainerName);
        Assert.Empty(await ListTablesAsync(tables, storage.TablePrefix));
        try
        {
            await host.StartAsync(Ct);

            Assert.Equal(7, (await ListTablesAsync(tables, storage.TablePrefix)).Count);
            Assert.True(await container.ExistsAsync(Ct));
            await host.StopAsync(Ct);
        }
        finally
        {
            foreach (var table in await ListTablesAsync(tables, storage.TablePrefix))
            {
                await tables.DeleteTableAsync(table, Ct);
            }

            await container.DeleteIfExistsAsync(cancellationToken: Ct);
        }
    }

    private static async Task<List<string>> ListTablesAsync(TableServiceClient tables, string prefix)
    {
        var names = new List<string>();
        await foreach (var table in tables.QueryAsync(cancellationToken: Ct))
        {
            if (table.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                names.Add(table.Name);
            }
        }

        names.Sort(StringComparer.OrdinalIgnoreCase);
        return names;
    }
}
