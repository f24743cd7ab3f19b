using Microsoft.Extensions.Hosting;

namespace Diagnostics.Storage;

/// <summary>Creates the storage before the host serves anything; a failure stops the start-up.</summary>
internal sealed class StorageInitializerService(StorageInitializer initializer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => initializer.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
