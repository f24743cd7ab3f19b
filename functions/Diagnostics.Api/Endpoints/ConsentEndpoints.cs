using System.Globalization;
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
            return UnknownLink(context);
        }

        var step = context.Request.Query["step"].ToString() == ConsentPage.ConfirmRevokeStep ? ConsentPage.ConfirmRevokeStep : null;
        return await RenderPageAsync(context, token, step, error: null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> DecideAsync(HttpContext context)
    {
        if (ValidToken(context) is not { } token)
        {
            return UnknownLink(context);
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
        return outcome.Value is { } decided ? TypedResults.Ok(Describe(decided)) : Problems.From(outcome.Problem!);
    }

    public static async Task<IResult> RevokeAsync(HttpContext context)
    {
        if (ValidToken(context) is not { } token)
        {
            return UnknownLink(context);
        }

        var outcome = await Operations(context).RevokeAsync(token, context.RequestAborted);
        return outcome.Value is { } receipt ? TypedResults.Ok(Describe(receipt)) : Problems.From(outcome.Problem!);
    }

    public static async Task<IResult> ExportAsync(HttpContext context)
    {
        if (ValidToken(context) is not { } token)
        {
            return UnknownLink(context);
        }

        var outcome = await context.RequestServices.GetRequiredService<DataExporter>().ExportAsync(token, context.RequestAborted);
        if (outcome.Value is not { } write)
        {
            return outcome.Problem!.Kind == ProblemKind.NotFound ? UnknownLink(context) : Problems.From(outcome.Problem!);
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

    /// <summary>
    /// The page's forms: success goes back to the page with 303 (so a reload does not post again); a refusal shows the page
    /// again with the reason to a browser, and problem details to anything else.
    /// </summary>
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
            double? hours = double.TryParse(form["windowHours"], NumberStyles.Float, CultureInfo.InvariantCulture, out var h) ? h : null;

            // The page always lists the sites: none ticked means none, not all.
            var sites = form["sites"].Select(s => s!).ToArray();
            problem = (await operations.DecideAsync(token,
                new ConsentDecision(decision, form["categories"].Select(c => c!).ToArray(), sites, hours), context.RequestAborted)).Problem;
        }

        if (problem is null)
        {
            context.Response.Headers.Location = $"/api/consent/{token}?lang={ConsentText.For(context.Request).Code}";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }

        if (problem.Kind == ProblemKind.NotFound)
        {
            return UnknownLink(context);
        }

        if (!WantsHtml(context))
        {
            return Problems.From(problem);
        }

        var text = ConsentText.For(context.Request);
        var message = problem.Kind switch
        {
            ProblemKind.Invalid => text.ChooseSomething,
            ProblemKind.Conflict => text.AlreadyDecided,
            _ => text.SomethingWentWrong,
        };
        return await RenderPageAsync(context, token, step: null, message, Problems.StatusOf(problem.Kind));
    }

    private static async Task<IResult> RenderPageAsync(HttpContext context, string token, string? step, string? error, int status)
    {
        var outcome = await Operations(context).ViewAsync(token, context.RequestAborted);
        if (outcome.Value is not { } view)
        {
            return UnknownLink(context);
        }

        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return PageResults.Html(context, ConsentPage.Render(view, token, ConsentText.For(context.Request), now, step, error), status);
    }

    /// <summary>What a consent decision answers: the ticket's state and what the pull on consent did per site.</summary>
    private static object Describe(ConsentDecided decided) => new
    {
        ticketId = decided.Ticket.TicketId,
        state = decided.Ticket.State.ToString().ToLowerInvariant(),
        categories = decided.Ticket.Consent?.Categories ?? [],
        sites = decided.Ticket.Consent?.Sites ?? [],
        windowEnd = decided.Ticket.Consent?.WindowEnd,
        erasedAt = decided.Ticket.ErasedAt,
        captured = decided.Pulled.Select(p => new
        {
            site = p.Site,
            status = p.Status.ToString().ToLowerInvariant(),
            snapshotId = p.Snapshot?.SnapshotId,
            lines = p.Snapshot?.Lines,
            detail = p.Detail,
        }),
    };

    private static string? ValidToken(HttpContext context) =>
        context.Route("token") is { Length: > 0 and <= Core.Security.ConsentTokens.MaxLength } token &&
        token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? token
            : null;

    /// <summary>A bad, forged or expired link: the same 404 for all, as a page when a browser asks for one.</summary>
    private static IResult UnknownLink(HttpContext context) =>
        WantsHtml(context)
            ? PageResults.Html(context, ConsentPage.RenderUnknownLink(ConsentText.For(context.Request), context.Request.Path.Value ?? "/"), StatusCodes.Status404NotFound)
            : Problems.From(ConsentOperations.UnknownLink);

    private static bool WantsHtml(HttpContext context) =>
        context.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    private static ConsentOperations Operations(HttpContext context) => context.RequestServices.GetRequiredService<ConsentOperations>();

    private sealed record DecisionBody(string? Decision, List<string>? Categories, List<string>? Sites, double? WindowHours);
}
