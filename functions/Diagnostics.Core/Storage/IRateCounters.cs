namespace Diagnostics.Core.Storage;

public enum RateCount
{
    /// <summary>Counted: the use is allowed.</summary>
    Taken,

    /// <summary>The window already holds the limit: nothing was counted.</summary>
    LimitReached,

    /// <summary>Too many concurrent writers kept winning the race; nothing was counted.</summary>
    Contended,
}

/// <summary>Fixed-window counters shared by every instance of the app.</summary>
public interface IRateCounters
{
    /// <summary>
    /// Counts one use of <paramref name="counter"/> in the window that starts at <paramref name="windowStart"/>, unless
    /// <paramref name="limit"/> uses were counted in it already. A counter of an earlier window starts again from zero.
    /// <paramref name="counter"/> is a key of letters, digits, '-' and '_' (at most 100).
    /// </summary>
    Task<RateCount> TryTakeAsync(string counter, DateTimeOffset windowStart, int limit, CancellationToken cancellationToken);
}
