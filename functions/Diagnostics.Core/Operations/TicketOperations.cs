using Diagnostics.Core.Domain;
using Diagnostics.Core.Options;
using Diagnostics.Core.Security;
using Diagnostics.Core.Storage;
using Diagnostics.Pseudonymization;
using Microsoft.Extensions.Options;

namespace Diagnostics.Core.Operations;

public sealed record OpenTicketRequest(string? CustomerId, IReadOnlyList<string>? Sites, DateTimeOffset? OpenedAt, bool PrefixPreservingIps = false);

public sealed record OpenedTicket(Ticket Ticket, string ConsentToken, bool Created);

/// <summary>What the ticketing system tells us: a ticket was opened or closed.</summary>
public sealed class TicketOperations(
    ITicketStore tickets,
    IExpiryIndex expiry,
    IAuditLog audit,
    KeyRing keys,
    ConsentTokens tokens,
    RetentionPolicy retention,
    TicketEraser eraser,
    IOptions<ConsentOptions> consent,
    TimeProvider time)
{
    public const int MaxSites = 50;

    public async Task<Outcome<OpenedTicket>> OpenAsync(string ticketId, OpenTicketRequest request, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } problem)
        {
            return problem;
        }

        var now = time.GetUtcNow();
        var openedAt = request.OpenedAt is { } given && given <= now ? given : now;
        var ticket = new Ticket
        {
            TicketId = ticketId,
            CustomerId = request.CustomerId,
            Sites = request.Sites!.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            OpenedAt = openedAt,
            PrefixPreservingIps = request.PrefixPreservingIps,
            KeyId = keys.CurrentKeyId,
            Salt = TicketKey.NewSalt(),
        };

        var created = await tickets.TryCreateAsync(ticket, cancellationToken);
        if (!created)
        {
            // The webhook may be retried: the same registration answers the same ticket with a fresh link.
            var existing = await tickets.GetAsync(ticketId, cancellationToken);
            if (existing is null || existing.IsErased || existing.CustomerId != request.CustomerId || existing.PrefixPreservingIps != request.PrefixPreservingIps)
            {
                return Problem.Conflict($"Ticket '{ticketId}' exists already with other data, or was erased.");
            }

            ticket = existing;
        }
        else
        {
            await expiry.AddAsync(new ExpiryEntry(ExpiryKind.Ticket, ticketId, null, retention.TicketErasure(ticket)!.Value), cancellationToken);
            await audit.AppendAsync(new AuditEntry(now, ActorKind.Ticketing, Actor.Ticketing.Name, AuditAction.TicketOpened, ticketId, null, "ok"), cancellationToken);
        }

        var token = tokens.Issue(ticketId, now + consent.Value.TokenLifetime);
        return new OpenedTicket(ticket, token, created);
    }

    /// <summary>Stops capture; the retention clock keeps running. A ticket closed before any consent is erased.</summary>
    public async Task<Outcome<Ticket>> CloseAsync(string ticketId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        while (true)
        {
            var ticket = await tickets.GetAsync(ticketId, cancellationToken);
            if (ticket is null)
            {
                return Problem.NotFound($"Ticket '{ticketId}' is not registered.");
            }

            switch (ticket.State)
            {
                case TicketState.Opened:
                    await eraser.EraseAsync(ticket, ErasureReason.Abandoned, Actor.Ticketing, cancellationToken);
                    return (await tickets.GetAsync(ticketId, cancellationToken))!;
                case TicketState.Consented when ticket.ClosedAt is null:
                    var closed = ticket with { ClosedAt = now };
                    if (!await tickets.TryReplaceAsync(closed, cancellationToken))
                    {
                        continue;
                    }

                    await expiry.AddAsync(new ExpiryEntry(ExpiryKind.Ticket, ticketId, null, retention.TicketErasure(closed)!.Value), cancellationToken);
                    await audit.AppendAsync(new AuditEntry(now, ActorKind.Ticketing, Actor.Ticketing.Name, AuditAction.TicketClosed, ticketId, null, "ok"), cancellationToken);
                    return closed;
                default:
                    return ticket;
            }
        }
    }

    private static Problem? Validate(OpenTicketRequest request)
    {
        if (!Ids.IsValid(request.CustomerId))
        {
            return Problem.Invalid("customerId is required and must match [A-Za-z0-9_-]{1,64}.");
        }

        if (request.Sites is null || request.Sites.Count is 0 or > MaxSites)
        {
            return Problem.Invalid($"sites must list between 1 and {MaxSites} site names.");
        }

        return request.Sites.All(Ids.IsValidName)
            ? null
            : Problem.Invalid("Each site must be a host name of letters, digits, '.', '_' and '-'.");
    }
}
