using Diagnostics.Core.Storage;
using Diagnostics.Storage;
using Diagnostics.StorageTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Diagnostics.StorageTests;

public sealed class RateCounterTests : StorageTest
{
    private IRateCounters Counters => Storage.Services.GetRequiredService<IRateCounters>();

    [Fact]
    public async Task AWindowCountsUpToItsLimitAndTheNextWindowStartsAgain()
    {
        var outcomes = new List<RateCount>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add(await Counters.TryTakeAsync("caller-a", T0, 3, Ct));
        }

        Assert.Equal([RateCount.Taken, RateCount.Taken, RateCount.Taken, RateCount.LimitReached], outcomes);
        Assert.Equal(RateCount.Taken, await Counters.TryTakeAsync("caller-b", T0, 3, Ct));
        Assert.Equal(RateCount.Taken, await Counters.TryTakeAsync("caller-a", T0.AddHours(1), 3, Ct));

        // An instance whose clock lags behind counts against the newer window, never resets it.
        Assert.Equal(RateCount.Taken, await Counters.TryTakeAsync("caller-a", T0, 3, Ct));
        Assert.Equal(RateCount.Taken, await Counters.TryTakeAsync("caller-a", T0.AddHours(1), 3, Ct));
        Assert.Equal(RateCount.LimitReached, await Counters.TryTakeAsync("caller-a", T0, 3, Ct));
    }

    /// <summary>
    /// Two instances of the app (two service providers, two table clients) race for one counter: optimistic
    /// concurrency loses no increment and lets no extra one through.
    /// </summary>
    [Fact]
    public async Task ConcurrentCountsFromTwoInstancesNeverExceedTheLimit()
    {
        await using var other = AzuriteStorage.CreateServices(Storage.Settings).AddDiagnosticsStorage().BuildServiceProvider();
        var instances = new[] { Counters, other.GetRequiredService<IRateCounters>() };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => instances[i % 2].TryTakeAsync("ticket-T-1", T0, 25, Ct))));

        // Never more than the limit; a writer that kept losing gives up (Contended), never passes.
        var taken = outcomes.Count(o => o == RateCount.Taken);
        Assert.InRange(taken, 1, 25);
        Assert.True(taken == 25 || !outcomes.Contains(RateCount.LimitReached), "refused as over the limit before the limit was reached");

        // No increment was lost: the row holds exactly what was taken, and filling it afterwards stops exactly at the limit.
        var row = await Storage.TableService.GetTableClient(Storage.TablePrefix + TableRateCounters.TableSuffix).GetEntityAsync<Azure.Data.Tables.TableEntity>("ticket-T-1", "window", cancellationToken: Ct);
        Assert.Equal(taken, row.Value.GetInt32("Count"));
        var more = 0;
        while (await instances[more % 2].TryTakeAsync("ticket-T-1", T0, 25, Ct) == RateCount.Taken)
        {
            more++;
        }

        Assert.Equal(25, taken + more);
        Assert.Equal(RateCount.LimitReached, await instances[more % 2].TryTakeAsync("ticket-T-1", T0, 25, Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a#b")]
    public async Task AKeyThatIsNoSafeTableKeyIsRefused(string counter) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Counters.TryTakeAsync(counter, T0, 3, Ct));
}
