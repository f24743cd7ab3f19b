using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Diagnostics.Core.Storage;
using Diagnostics.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Diagnostics.StorageTests.Support;

/// <summary>
/// Storage of one test on the Azurite emulator named by <c>DIAGNOSTICS_TEST_STORAGE</c>: a unique table prefix and
/// container, the stores built by <c>AddDiagnosticsStorage</c>, and everything removed afterwards.
/// </summary>
public sealed class AzuriteStorage : Xunit.IAsyncLifetime, IAsyncDisposable
{
    public const string ConnectionStringVariable = "DIAGNOSTICS_TEST_STORAGE";

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly string? _connectionString;
    private ServiceProvider? _services;
    private bool _disposed;

    /// <param name="connectionString">An emulator of the test's own; the one named by <c>DIAGNOSTICS_TEST_STORAGE</c> when null.</param>
    public AzuriteStorage(string? connectionString = null)
    {
        _connectionString = connectionString;
        var name = "t" + RandomNumberGenerator.GetString(Alphabet, 12);
        TablePrefix = name;
        ContainerName = name;
        SourceContainerName = name + "-raw";
    }

    /// <summary>The emulator's connection string; a missing setting fails the test with instructions, never skips it.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"Set {ConnectionStringVariable} to the connection string of a running Azurite (both blob and table " +
                "endpoints), e.g. 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=...;" +
                "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;'. " +
                "The storage tests run against the emulator and are never skipped.");

    public string TablePrefix { get; }

    public string ContainerName { get; }

    /// <summary>The container pull capture reads the platform's raw logs from: raw by design, never part of a dump.</summary>
    public string SourceContainerName { get; }

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Call InitializeAsync first.");

    public ITicketStore Tickets => Services.GetRequiredService<ITicketStore>();

    public ISnapshotCatalog Snapshots => Services.GetRequiredService<ISnapshotCatalog>();

    public ISnapshotContentStore Content => Services.GetRequiredService<ISnapshotContentStore>();

    public IExpiryIndex Expiry => Services.GetRequiredService<IExpiryIndex>();

    public IAuditLog Audit => Services.GetRequiredService<IAuditLog>();

    public IReceiptStore Receipts => Services.GetRequiredService<IReceiptStore>();

    public IRawLogSource RawLogs => Services.GetRequiredService<IRawLogSource>();

    public IPurgeRunLog PurgeRuns => Services.GetRequiredService<IPurgeRunLog>();

    public StorageInitializer Initializer => Services.GetRequiredService<StorageInitializer>();

    public TableServiceClient TableService => Services.GetRequiredService<TableServiceClient>();

    public BlobServiceClient BlobService => Services.GetRequiredService<BlobServiceClient>();

    /// <summary>The settings that point the service at this test's storage, e.g. for a host started by the test.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Diagnostics:Storage:ConnectionString"] = _connectionString ?? ConnectionString,
        ["Diagnostics:Storage:TablePrefix"] = TablePrefix,
        ["Diagnostics:Storage:SnapshotContainer"] = ContainerName,
        ["Diagnostics:Capture:SourceContainer"] = SourceContainerName,
    };

    /// <summary>A service collection with configuration and logging, storage not yet added.</summary>
    public static IServiceCollection CreateServices(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        return services;
    }

    public async Task InitializeAsync()
    {
        var services = CreateServices(Settings);
        services.AddDiagnosticsStorage();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await Initializer.EnsureCreatedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_disposed || _services is null)
        {
            return;
        }

        _disposed = true;
        var tables = TableService;
        await foreach (var table in tables.QueryAsync())
        {
            if (table.Name.StartsWith(TablePrefix, StringComparison.OrdinalIgnoreCase))
            {
                await tables.DeleteTableAsync(table.Name);
            }
        }

        await BlobService.GetBlobContainerClient(ContainerName).DeleteIfExistsAsync();
        await BlobService.GetBlobContainerClient(SourceContainerName).DeleteIfExistsAsync();
        await _services.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>Puts one hour of a site's raw access log where the platform keeps it, as pull capture expects to find it.</summary>
    public async Task SeedRawLogAsync(string customerId, string site, DateTimeOffset hour, string log, CancellationToken cancellationToken = default)
    {
        var container = BlobService.GetBlobContainerClient(SourceContainerName);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await container.GetBlobClient(BlobRawLogSource.BlobName(customerId, site, hour))
            .UploadAsync(BinaryData.FromString(log), overwrite: true, cancellationToken);
    }

    /// <summary>Everything this test stored, as text (see <see cref="StorageDump"/>).</summary>
    public Task<string> DumpAsync(CancellationToken cancellationToken = default) =>
        StorageDump.ReadAllAsync(TableService, TablePrefix, BlobService, ContainerName, cancellationToken);
}
