using Azure;
using Azure.Data.Tables;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Options;

namespace Diagnostics.Storage;

/// <summary>
/// Fixed-window counters in table <c>{prefix}ratecounters</c>: one row per counter (partition = counter, row "window"),
/// holding the window's start and its count, updated with optimistic concurrency (ETags), so that every instance of
/// the app counts against the same row and no two increments are lost.
/// </summary>
public sealed class TableRateCounters : IRateCounters
{
    public const string TableSuffix = "ratecounters";

    private const string WindowRow = "window";
    private const int MaxAttempts = 10;

    private readonly TableClient _table;

    public TableRateCounters(TableServiceClient tableService, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        ArgumentNullException.ThrowIfNull(options);
        _table = tableService.GetTableClient(options.Value.TableName(TableSuffix));
    }

    public async Task<RateCount> TryTakeAsync(string counter, DateTimeOffset windowStart, int limit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(counter) || counter.Length > 100 || !counter.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException("A counter is 1 to 100 letters, digits, '-' or '_'.", nameof(counter));
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var response = await _table.GetEntityIfExistsAsync<TableEntity>(counter, WindowRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!response.HasValue)
                {
                    if (limit < 1)
                    {
                        return RateCount.LimitReached;
                    }

                    await _table.AddEntityAsync(Row(counter, windowStart, 1), cancellationToken).ConfigureAwait(false);
                    return RateCount.Taken;
                }

                var row = response.Value!;
                var storedStart = row.GetDateTimeOffset("WindowStart") ?? DateTimeOffset.MinValue;

                // A later window stored by an instance whose clock runs ahead counts as this one: never reset a newer count.
                var (start, count) = storedStart >= windowStart ? (storedStart, row.GetInt32("Count") ?? 0) : (windowStart, 0);
                if (count >= limit)
                {
                    return RateCount.LimitReached;
                }

                await _table.UpdateEntityAsync(Row(counter, start, count + 1), row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return RateCount.Taken;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
            {
                // Another instance added or changed the row since it was read: read it again, after a random pause that
                // grows with each loss, so that writers racing for one row spread out instead of colliding again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 << Math.Min(attempt, 5))), cancellationToken).ConfigureAwait(false);
            }
        }

        return RateCount.Contended;
    }

    private static TableEntity Row(string counter, DateTimeOffset windowStart, int count) =>
        new(counter, WindowRow) { ["WindowStart"] = windowStart, ["Count"] = count };
}
