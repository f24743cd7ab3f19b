using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;

namespace Diagnostics.StorageBenchmarks;

/// <summary>
/// Counts every request the storage clients send (retries included): the cost the design controls, as against the time the
/// emulator takes to answer them.
/// </summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public static void AddTo(IServiceCollection services)
    {
        var counter = new RequestCounter();
        services.AddSingleton(counter);
        services.ConfigureAll<TableClientOptions>(options => options.AddPolicy(counter, HttpPipelinePosition.PerRetry));
        services.ConfigureAll<BlobClientOptions>(options => options.AddPolicy(counter, HttpPipelinePosition.PerRetry));
    }

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
