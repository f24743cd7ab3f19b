using Diagnostics.Core.Operations;
using Diagnostics.Core.Options;
using Microsoft.Extensions.Options;

namespace Diagnostics.LocalHost;

/// <summary>The local host's stand-in for the PurgeExpired timer trigger, on the same NCRONTAB schedule.</summary>
internal sealed class PurgeScheduler(SnapshotPurger purger, IOptions<RetentionOptions> options, TimeProvider time, ILogger<PurgeScheduler> logger)
    : BackgroundService
{
    /// <summary>Task.Delay refuses waits past about 49 days; a yearly schedule is valid, so long waits go in steps.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = RetentionOptions.TryParseSchedule(options.Value.PurgeSchedule)!;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = new DateTimeOffset(schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero);
            while (next - time.GetUtcNow() is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait < LongestWait ? wait : LongestWait, time, stoppingToken);
            }

            try
            {
                await purger.PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Scheduled purge failed; the next run will retry.");
            }
        }
    }
}
