using Diagnostics.Core.Operations;
using Diagnostics.Core.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Diagnostics.Api.Endpoints;

/// <summary>The ticketing system's webhooks.</summary>
public static class TicketEndpoints
{
    public static async Task<IResult> OpenAsync(HttpContext context)
    {
        if (context.ValidId("ticketId") is not { } ticketId)
        {
            return Problems.InvalidId("ticketId");
        }

        var (body, failure) = await context.ReadJsonAsync<OpenTicketBody>();
        if (failure is not null)
        {
            return failure;
        }

        var operations = context.RequestServices.GetRequiredService<TicketOperations>();
        var outcome = await operations.OpenAsync(ticketId, new OpenTicketRequest(body!.CustomerId, body.Sites, body.OpenedAt, body.PrefixPreservingIps ?? false), context.RequestAborted);
        if (outcome.Value is not { } opened)
        {
            return Problems.From(outcome.Problem!);
        }

        var origin = context.PublicOrigin(context.RequestServices.GetRequiredService<IOptions<ConsentOptions>>().Value.PublicBaseUrl);
        var consentUrl = $"{origin}/api/consent/{opened.ConsentToken}";
        var response = new
        {
            ticketId,
            consentToken = opened.ConsentToken,
            consentUrl,
            state = opened.Ticket.State.ToString().ToLowerInvariant(),
            prefixPreservingIps = opened.Ticket.PrefixPreservingIps,
        };
        return opened.Created ? TypedResults.Created(consentUrl, response) : TypedResults.Ok(response);
    }

    public static async Task<IResult> CloseAsync(HttpContext context)
    {
        if (context.ValidId("ticketId") is not { } ticketId)
        {
            return Problems.InvalidId("ticketId");
        }

        var outcome = await context.RequestServices.GetRequiredService<TicketOperations>().CloseAsync(ticketId, context.RequestAborted);
        return outcome.Value is { } ticket
            ? TypedResults.Ok(new { ticketId, state = ticket.State.ToString().ToLowerInvariant(), closedAt = ticket.ClosedAt, erasedAt = ticket.ErasedAt })
            : Problems.From(outcome.Problem!);
    }

    private sealed record OpenTicketBody(string? CustomerId, List<string>? Sites, DateTimeOffset? OpenedAt, bool? PrefixPreservingIps);
}
