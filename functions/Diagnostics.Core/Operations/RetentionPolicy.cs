using Diagnostics.Core.Domain;
using Diagnostics.Core.Options;
using Microsoft.Extensions.Options;

namespace Diagnostics.Core.Operations;

/// <summary>When things stop being kept.</summary>
public sealed class RetentionPolicy(IOptions<RetentionOptions> retention, IOptions<ConsentOptions> consent)
{
    public TimeSpan SnapshotRetention => retention.Value.Default;

    /// <summary>
    /// The time between two purge runs from <paramref name="now"/>: the target is that nothing stays longer than this past its
    /// expiry.
    /// </summary>
    public TimeSpan PurgePeriod(DateTimeOffset now)
    {
        var schedule = RetentionOptions.TryParseSchedule(retention.Value.PurgeSchedule)!;
        var next = schedule.GetNextOccurrence(now.UtcDateTime);
        return schedule.GetNextOccurrence(next) - next;
    }

    public DateTimeOffset SnapshotExpiry(DateTimeOffset capturedAt) => capturedAt + retention.Value.Default;

    /// <summary>
    /// When the ticket itself is erased: after its last possible snapshot expired, or, when the customer
    /// never answered, once the consent link can no longer be used.
    /// </summary>
    public DateTimeOffset? TicketErasure(Ticket ticket) => ticket.State switch
    {
        TicketState.Opened => ticket.OpenedAt + consent.Value.TokenLifetime,
        TicketState.Consented => ticket.CaptureEnd + retention.Value.Default,
        _ => null,
    };
}
