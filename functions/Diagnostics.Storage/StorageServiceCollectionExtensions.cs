using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Diagnostics.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the storage options (section <c>Diagnostics:Storage</c>, validated at start-up), one table and one
    /// blob service client, the eight stores, the raw log source of pull capture, and the <see cref="StorageInitializer"/> run when the host starts.
    /// </summary>
    public static IServiceCollection AddDiagnosticsStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(StorageInitializer)))
        {
            return services;
        }

        services.AddOptionsWithValidateOnStart<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddOptionsWithValidateOnStart<RawLogSourceOptions>()
            .BindConfiguration(RawLogSourceOptions.SectionName)
            .ValidateDataAnnotations();

        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((clientOptions, credential, provider) =>
                {
                    var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                    storage.ApplyRetry(clientOptions.Retry);
                    return storage.UsesServiceUris
                        ? new TableServiceClient(storage.TableServiceUri, credential, clientOptions)
                        : new TableServiceClient(storage.ConnectionString, clientOptions);
                })
                .WithCredential(_ => new DefaultAzureCredential());
            clients.AddClient<BlobServiceClient, BlobClientOptions>((clientOptions, credential, provider) =>
                {
                    var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                    storage.ApplyRetry(clientOptions.Retry);
                    return storage.UsesServiceUris
                        ? new BlobServiceClient(storage.BlobServiceUri, credential, clientOptions)
                        : new BlobServiceClient(storage.ConnectionString, clientOptions);
                })
                .WithCredential(_ => new DefaultAzureCredential());

            // Only built when the raw logs live in another account; otherwise the source is read with the client above.
            clients.AddClient<BlobServiceClient, BlobClientOptions>((clientOptions, credential, provider) =>
                {
                    var source = provider.GetRequiredService<IOptions<RawLogSourceOptions>>().Value;
                    return source.SourceBlobServiceUri is { } uri
                        ? new BlobServiceClient(uri, credential, clientOptions)
                        : new BlobServiceClient(source.SourceConnectionString, clientOptions);
                })
                .WithName(RawLogSourceOptions.ClientName)
                .WithCredential(_ => new DefaultAzureCredential());
        });

        services.TryAddSingleton<ITicketStore, TableTicketStore>();
        services.TryAddSingleton<ISnapshotCatalog, TableSnapshotCatalog>();
        services.TryAddSingleton<ISnapshotContentStore, BlobSnapshotContentStore>();
        services.TryAddSingleton<IExpiryIndex, TableExpiryIndex>();
        services.TryAddSingleton<IAuditLog, TableAuditLog>();
        services.TryAddSingleton<IReceiptStore, TableReceiptStore>();
        services.TryAddSingleton<IRawLogSource, BlobRawLogSource>();
        services.TryAddSingleton<IPurgeRunLog, TablePurgeRunLog>();
        services.TryAddSingleton<IRateCounters, TableRateCounters>();
        services.AddSingleton<StorageInitializer>();
        services.AddHostedService<StorageInitializerService>();
        return services;
    }
}
