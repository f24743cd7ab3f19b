using System.Security.Cryptography;
using System.Text;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Options;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Options;

namespace Diagnostics.Core.Operations;

/// <summary>
/// Limits match without reveal per caller and per ticket, in fixed windows counted in storage, so that the limit
/// holds across every instance of the app. Match is an oracle ("is this address in the ticket?") over a space
/// small enough to enumerate; the limit is what keeps it from being one.
/// </summary>
public sealed class MatchRateLimiter(IRateCounters counters, IOptions<MatchLimitsOptions> options, TimeProvider time)
{
    /// <summary>A refusal: which limit (<c>caller</c>, <c>ticket</c>, or <c>busy</c> when the count could not be taken), and how long until a match may be asked again.</summary>
    public sealed record Refusal(string Limit, TimeSpan RetryAfter);

    /// <summary>Counts one match for the caller, then for the ticket; null when allowed, the refusal otherwise.</summary>
    public async Task<Refusal?> TryAcquireAsync(Actor actor, string ticketId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var limits = options.Value;
        var now = time.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % limits.Window.Ticks), TimeSpan.Zero);
        var untilNextWindow = start + limits.Window - now;

        // The caller's count first: a caller refused for their own volume does not use up the ticket's.
        foreach (var (limit, counter, max) in new[] { ("caller", CallerCounter(actor), limits.PerCaller), ("ticket", TicketCounter(ticketId), limits.PerTicket) })
        {
            switch (await counters.TryTakeAsync(counter, start, max, cancellationToken))
            {
                case RateCount.LimitReached:
                    return new Refusal(limit, untilNextWindow);
                case RateCount.Contended:
                    return new Refusal("busy", TimeSpan.FromSeconds(1));
            }
        }

        return null;
    }

    /// <summary>Names can hold any character and need not be readable here: a hash of kind and name is the key.</summary>
    internal static string CallerCounter(Actor actor) =>
        "caller-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{actor.Kind}\n{actor.Name}")))[..40];

    internal static string TicketCounter(string ticketId) => "ticket-" + ticketId;
}
