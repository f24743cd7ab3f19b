using Diagnostics.Api.Pages;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Diagnostics.Api.Endpoints;

/// <summary>The customer's side, reached through the signed consent link.</summary>
public static class ConsentEndpoints
{
    public static async Task<IResult> PageAsync(HttpContext context)
    {
        if (ValidToken(context) is not { } token)
        {
            return UnknownLink();
        }

        var outcome = await Operations(context).ViewAsync(token, context.RequestAborted);
        return outcome.Value is { } view
            ? PageResults.Html(context, ConsentPage.Render(view, token, context.Request.Headers.AcceptLanguage.ToString()))
            : Problems.From(outcome.Problem!);
    }

    public static async Task<IResult> DecideAsync(HttpContext context)
    {
        if (ValidToken(context) is not { } token)
        {
            return UnknownLink();
        }

        if (context.Request.HasFormContentType)
        {
            return await DecideFromFormAsync(context, token);
        }

        var (body, failure) = await context.ReadJsonAsync<DecisionBody>();
        if (failure is not null)
        {
            return failure;
        }

        var outcome = await Operations(context).DecideAsync(token, new ConsentDecision(body!.Decision, body.Categories, body.Sites, body.WindowHours), context.RequestAborted);
        return outcome.Value is { } ticket ? TypedResults.Ok(Describe(ticket)) : Problems.From(outcome.Problem!);
    }

    public static async Task<IResult> RevokeAsync(HttpContext context)
    {
        if (ValidToken(context) is not { } token)
        {
            return UnknownLink();
        }

        var outcome = await Operations(context).RevokeAsync(token, context.RequestAborted);
        return outcome.Value is { } receipt ? TypedResults.Ok(Describe(receipt)) : Problems.From(outcome.Problem!);
    }

    public static async Task<IResult> ExportAsync(HttpContext context)
    {
        if (ValidToken(context) is not { } token)
        {
            return UnknownLink();
        }

        var outcome = await context.RequestServices.GetRequiredService<DataExporter>().ExportAsync(token, context.RequestAborted);
        if (outcome.Value is not { } write)
        {
            return Problems.From(outcome.Problem!);
        }

        context.Response.Headers.ContentDisposition = "attachment; filename=\"diagnostics-export.json\"";
        return Results.Stream(stream => write(stream, context.RequestAborted), "application/json; charset=utf-8");
    }

    internal static object Describe(DeletionReceipt receipt) => new
    {
        ticketId = receipt.TicketId,
        snapshotsDeleted = receipt.SnapshotsDeleted,
        bytesDeleted = receipt.BytesDeleted,
        erasedAt = receipt.ErasedAt,
        reason = receipt.Reason,
    };

    private static async Task<IResult> DecideFromFormAsync(HttpContext context, string token)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var decision = form["decision"].ToString();
        var operations = Operations(context);
        Problem? problem;
        if (decision == "revoke")
        {
            problem = (await operations.RevokeAsync(token, context.RequestAborted)).Problem;
        }
        else
        {
            double? hours = double.TryParse(form["windowHours"], System.Globalization.CultureInfo.InvariantCulture, out var h) ? h : null;
            var sites = form["sites"].Count > 0 ? form["sites"].Select(s => s!).ToArray() : null;
            problem = (await operations.DecideAsync(token,
                new ConsentDecision(decision, form["categories"].Select(c => c!).ToArray(), sites, hours), context.RequestAborted)).Problem;
        }

        return problem is null ? Results.Redirect($"/api/consent/{token}", permanent: false, preserveMethod: false) : Problems.From(problem);
    }

    private static object Describe(Ticket ticket) => new
    {
        ticketId = ticket.TicketId,
        state = ticket.State.ToString().ToLowerInvariant(),
        categories = ticket.Consent?.Categories ?? [],
        sites = ticket.Consent?.Sites ?? [],
        windowEnd = ticket.Consent?.WindowEnd,
        erasedAt = ticket.ErasedAt,
    };

    private static string? ValidToken(HttpContext context) =>
        context.Route("token") is { Length: > 0 and <= Core.Security.ConsentTokens.MaxLength } token &&
        token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? token
            : null;

    private static IResult UnknownLink() => Problems.From(ConsentOperations.UnknownLink);

    private static ConsentOperations Operations(HttpContext context) => context.RequestServices.GetRequiredService<ConsentOperations>();

    private sealed record DecisionBody(string? Decision, List<string>? Categories, List<string>? Sites, double? WindowHours);
}
