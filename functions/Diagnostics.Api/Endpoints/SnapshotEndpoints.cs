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
        return outcome.Value is { } snapshots
            ? TypedResults.Ok(new { ticketId, snapshots = snapshots.Select(Describe) })
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

        if (ParseFilter(context.Request.Query) is not { } filter)
        {
            return Problems.Result(400, "The request is not valid.",
                "Filters: text (up to 200 characters), status (1xx..5xx), from and to (ISO 8601), match (an IP or e-mail address).");
        }

        var outcome = await context.RequestServices.GetRequiredService<SnapshotReader>().OpenAsync(ticketId, snapshotId, filter, actor!, context.RequestAborted);
        if (outcome.Value is not { } content)
        {
            return Problems.From(outcome.Problem!);
        }

        context.Response.Headers["X-Snapshot-Expires-At"] = content.Snapshot.ExpiresAt.ToString("O", CultureInfo.InvariantCulture);
        return Results.Stream(stream => content.WriteToAsync(stream, context.RequestAborted), content.Snapshot.ContentType + "; charset=utf-8");
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

    private static ReadFilter? ParseFilter(IQueryCollection query)
    {
        string? text = query["text"], match = query["match"], status = query["status"], from = query["from"], to = query["to"];
        if (text is { Length: > 200 } || match is { Length: > 320 })
        {
            return null;
        }

        int? statusClass = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (status is not ([>= '1' and <= '5'] or [>= '1' and <= '5', 'x', 'x'] or [>= '1' and <= '5', 'X', 'X']))
            {
                return null;
            }

            statusClass = status[0] - '0';
        }

        DateTimeOffset? fromTime = null, toTime = null;
        if (!string.IsNullOrEmpty(from))
        {
            if (!DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return null;
            }

            fromTime = parsed;
        }

        if (!string.IsNullOrEmpty(to))
        {
            if (!DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return null;
            }

            toTime = parsed;
        }

        return new ReadFilter(string.IsNullOrEmpty(text) ? null : text, statusClass, fromTime, toTime, string.IsNullOrWhiteSpace(match) ? null : match);
    }
}
