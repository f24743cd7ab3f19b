using System.Globalization;
using Diagnostics.Api.Security;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Diagnostics.Api.Endpoints;

/// <summary>Collectors push snapshots; agents list and read them.</summary>
public static class SnapshotEndpoints
{
    public static async Task<IResult> PushAsync(HttpContext context)
    {
        if (context.ValidId("ticketId") is not { } ticketId)
        {
            return Problems.InvalidId("ticketId");
        }

        var request = context.Request;
        var push = new PushRequest(request.Query["category"], request.Query["source"], request.ContentType,
            request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding ? encoding : null, request.ContentLength);
        var outcome = await context.RequestServices.GetRequiredService<SnapshotIngestor>().PushAsync(ticketId, push, request.Body, context.RequestAborted);
        if (outcome.Value is not { } snapshot)
        {
            return Problems.From(outcome.Problem!);
        }

        return TypedResults.Created($"/api/tickets/{ticketId}/snapshots/{snapshot.SnapshotId}", new
        {
            snapshotId = snapshot.SnapshotId,
            lines = snapshot.Lines,
            bytes = snapshot.Bytes,
            storedBytes = snapshot.StoredBytes,
            capturedAt = snapshot.CapturedAt,
            expiresAt = snapshot.ExpiresAt,
            redactions = snapshot.Pseudonymized,
            removed = snapshot.Removed,
        });
    }

    public static async Task<IResult> ListAsync(HttpContext context)
    {
        var (actor, denied) = context.RequestServices.GetRequiredService<AgentAuthorizer>().Authorize(context, Roles.Agent);
        if (denied is not null)
        {
            return denied;
        }

        if (context.ValidId("ticketId") is not { } ticketId)
        {
            return Problems.InvalidId("ticketId");
        }

        var outcome = await context.RequestServices.GetRequiredService<SnapshotReader>().ListAsync(ticketId, actor!, context.RequestAborted);
        return outcome.Value is { } listed
            ? TypedResults.Ok(new { ticketId, prefixPreservingIps = listed.Ticket.PrefixPreservingIps, snapshots = listed.Snapshots.Select(Describe) })
            : Problems.From(outcome.Problem!);
    }

    public static async Task<IResult> ReadAsync(HttpContext context)
    {
        var (actor, denied) = context.RequestServices.GetRequiredService<AgentAuthorizer>().Authorize(context, Roles.Agent);
        if (denied is not null)
        {
            return denied;
        }

        if (context.ValidId("ticketId") is not { } ticketId)
        {
            return Problems.InvalidId("ticketId");
        }

        if (context.ValidId("snapshotId") is not { } snapshotId)
        {
            return Problems.InvalidId("snapshotId");
        }

        var (filter, page, invalid) = ReadRequest.Parse(context.Request);
        if (invalid is not null)
        {
            return Problems.Result(400, "The request is not valid.", invalid);
        }

        var outcome = await context.RequestServices.GetRequiredService<SnapshotReader>()
            .ReadPageAsync(ticketId, snapshotId, filter!, page!, actor!, context.RequestAborted);
        if (outcome.Value is not { } content)
        {
            if (outcome.Problem!.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return Problems.From(outcome.Problem);
        }

        var headers = context.Response.Headers;
        headers["X-Snapshot-Expires-At"] = content.Snapshot.ExpiresAt.ToString("O", CultureInfo.InvariantCulture);
        headers[ReadRequest.PageOffsetHeader] = content.Offset.ToString(CultureInfo.InvariantCulture);
        headers[ReadRequest.PageLinesHeader] = content.Lines.ToString(CultureInfo.InvariantCulture);
        if (content.NextOffset is { } next)
        {
            headers[ReadRequest.NextOffsetHeader] = next.ToString(CultureInfo.InvariantCulture);
        }

        if (content.MatchPseudonym is { } pseudonym)
        {
            headers[ReadRequest.MatchPseudonymHeader] = pseudonym;
        }

        return Results.Bytes(content.Content, content.Snapshot.ContentType + "; charset=utf-8");
    }

    internal static object Describe(Snapshot snapshot) => new
    {
        snapshotId = snapshot.SnapshotId,
        category = snapshot.Category,
        source = snapshot.Source,
        capturedAt = snapshot.CapturedAt,
        expiresAt = snapshot.ExpiresAt,
        bytes = snapshot.Bytes,
        lines = snapshot.Lines,
        contentType = snapshot.ContentType,
        redactions = snapshot.Pseudonymized,
        removed = snapshot.Removed,
    };
}
