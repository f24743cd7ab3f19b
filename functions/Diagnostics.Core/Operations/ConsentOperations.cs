using Diagnostics.Core.Domain;
using Diagnostics.Core.Options;
using Diagnostics.Core.Security;
using Diagnostics.Core.Storage;
using Microsoft.Extensions.Options;

namespace Diagnostics.Core.Operations;

public sealed record ConsentDecision(string? Decision, IReadOnlyList<string>? Categories, IReadOnlyList<string>? Sites, double? WindowHours);

/// <summary>What the customer sees on the consent page.</summary>
public sealed record ConsentView(
    Ticket Ticket,
    TimeSpan Retention,
    TimeSpan DefaultWindow,
    TimeSpan MaxWindow,
    IReadOnlyList<Snapshot> Snapshots,
    IReadOnlyList<DeletionReceipt> Receipts,
    IReadOnlyList<AuditEntry> Accesses,
    DateTimeOffset? PullsFrom);

/// <summary>The ticket after the decision, and what the pull on consent captured for each site.</summary>
public sealed record ConsentDecided(Ticket Ticket, IReadOnlyList<PullResult> Pulled);

/// <summary>The customer's decisions and rights, reached through the signed consent link.</summary>
public sealed class ConsentOperations(
    ConsentTokens tokens,
    ITicketStore tickets,
    ISnapshotCatalog catalog,
    IReceiptStore receipts,
    IExpiryIndex expiry,
    IAuditLog audit,
    TicketEraser eraser,
    ConsentCapture capture,
    RetentionPolicy retention,
    IOptions<ConsentOptions> consent,
    TimeProvider time)
{
    public const int MaxAuditEntries = 500;

    /// <summary>A bad token and an unknown ticket look the same to the caller.</summary>
    public static Problem UnknownLink { get; } = Problem.NotFound("This consent link is not valid or has expired.");

    public async Task<Ticket?> ResolveAsync(string token, CancellationToken cancellationToken) =>
        tokens.Validate(token) is { } ticketId ? await tickets.GetAsync(ticketId, cancellationToken) : null;

    public async Task<Outcome<ConsentView>> ViewAsync(string token, CancellationToken cancellationToken)
    {
        if (await ResolveAsync(token, cancellationToken) is not { } ticket)
        {
            return UnknownLink;
        }

        var now = time.GetUtcNow();
        var snapshots = ticket.IsErased
            ? []
            : (await catalog.ListAsync(ticket.TicketId, cancellationToken)).Where(s => !s.IsExpired(now)).ToArray();
        return new ConsentView(
            ticket,
            retention.SnapshotRetention,
            consent.Value.DefaultWindow,
            consent.Value.MaxWindow,
            snapshots,
            await receipts.ListAsync(ticket.TicketId, cancellationToken),
            await audit.ListAsync(ticket.TicketId, MaxAuditEntries, cancellationToken),
            ticket.State == TicketState.Opened ? capture.HoursToPull(ticket, now)?.From : null);
    }

    /// <summary>
    /// Records the decision. An acceptance then pulls the consented sites' logs; the consent is stored before the pull
    /// starts, and a pull that fails stores nothing and leaves the consent as it is.
    /// </summary>
    public async Task<Outcome<ConsentDecided>> DecideAsync(string token, ConsentDecision decision, CancellationToken cancellationToken)
    {
        if (await ResolveAsync(token, cancellationToken) is not { } ticket)
        {
            return UnknownLink;
        }

        var now = time.GetUtcNow();
        switch (decision.Decision)
        {
            case "decline":
                if (ticket.State != TicketState.Opened)
                {
                    return Problem.Conflict("This ticket's consent was already decided; revoke it instead.");
                }

                await eraser.EraseAsync(ticket, ErasureReason.Declined, Actor.Customer, cancellationToken);
                return new ConsentDecided((await tickets.GetAsync(ticket.TicketId, cancellationToken))!, []);
            case "accept":
                break;
            default:
                return Problem.Invalid("decision must be \"accept\" or \"decline\".");
        }

        if (ParseScope(ticket, decision, now) is not { } scope)
        {
            return Problem.Invalid(
                $"categories must be a non-empty subset of [{string.Join(", ", Category.All)}], sites a subset of the ticket's sites, " +
                $"and windowHours between 0 and {consent.Value.MaxWindow.TotalHours}.");
        }

        if (ticket.State != TicketState.Opened)
        {
            return Problem.Conflict("This ticket's consent was already decided.");
        }

        var accepted = ticket with { State = TicketState.Consented, Consent = scope };
        if (!await tickets.TryReplaceAsync(accepted, cancellationToken))
        {
            return Problem.Conflict("The ticket changed meanwhile; reload and try again.");
        }

        await expiry.AddAsync(new ExpiryEntry(ExpiryKind.Ticket, ticket.TicketId, null, retention.TicketErasure(accepted)!.Value), cancellationToken);
        await audit.AppendAsync(
            new AuditEntry(now, ActorKind.Customer, Actor.Customer.Name, AuditAction.ConsentAccepted, ticket.TicketId, null, "ok",
                $"categories={string.Join(',', scope.Categories)}; until={scope.WindowEnd:O}"),
            cancellationToken);
        return new ConsentDecided(accepted, await capture.CaptureAsync(accepted, cancellationToken));
    }

    /// <summary>Erases everything of the ticket now; answers the receipt (the same one when asked again).</summary>
    public async Task<Outcome<DeletionReceipt>> RevokeAsync(string token, CancellationToken cancellationToken)
    {
        if (await ResolveAsync(token, cancellationToken) is not { } ticket)
        {
            return UnknownLink;
        }

        return await eraser.EraseAsync(ticket, ErasureReason.Revoked, Actor.Customer, cancellationToken);
    }

    private ConsentScope? ParseScope(Ticket ticket, ConsentDecision decision, DateTimeOffset now)
    {
        var categories = decision.Categories?.Distinct(StringComparer.Ordinal).ToArray() ?? [];
        if (categories.Length == 0 || !categories.All(Category.IsKnown))
        {
            return null;
        }

        var sites = decision.Sites is null ? ticket.Sites.ToArray() : decision.Sites.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (sites.Length == 0 || !sites.All(s => ticket.Sites.Contains(s, StringComparer.OrdinalIgnoreCase)))
        {
            return null;
        }

        var maxHours = consent.Value.MaxWindow.TotalHours;
        if (decision.WindowHours is { } hours && (!double.IsFinite(hours) || hours <= 0 || hours > maxHours))
        {
            return null;
        }

        var window = decision.WindowHours is { } chosen ? TimeSpan.FromHours(chosen) : consent.Value.DefaultWindow;

        return new ConsentScope(categories, sites, now, now + window);
    }
}
