using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;

namespace Diagnostics.Api.Pages;

/// <summary>The customer's consent page: server-rendered, no script, every value HTML-encoded.</summary>
internal static class ConsentPage
{
    public static string Render(ConsentView view, string token, string acceptLanguage)
    {
        _ = acceptLanguage;
        var ticket = view.Ticket;
        var html = new StringBuilder(4096);
        var e = HtmlEncoder.Default;
        var action = $"/api/consent/{e.Encode(token)}";
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/api/assets/site.css\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>Support diagnostics consent</title></head><body><main>")
            .Append("<h1>Support diagnostics for ticket ").Append(e.Encode(ticket.TicketId)).Append("</h1>");

        switch (ticket.State)
        {
            case TicketState.Opened:
                html.Append("<p>To help with your ticket, our support team asks to record usage and traffic data of your sites for a short time.</p>")
                    .Append("<ul><li>What: the categories you choose below, for the sites ")
                    .Append(e.Encode(string.Join(", ", ticket.Sites))).Append(".</li>")
                    .Append("<li>When: from now, for ").Append(Hours(view.DefaultWindow)).Append(" hours.</li>")
                    .Append("<li>How long it is kept: ").Append(Duration(view.Retention)).Append(" after capture, then deleted automatically.</li>")
                    .Append("<li>Who sees it: our support agents, only for this ticket. IP and e-mail addresses are replaced by pseudonyms before anything is stored.</li></ul>")
                    .Append("<form method=\"post\" action=\"").Append(action).Append("\"><fieldset><legend>Categories</legend>");
                foreach (var category in Category.All)
                {
                    html.Append("<label><input type=\"checkbox\" name=\"categories\" value=\"").Append(category).Append("\" checked> ")
                        .Append(category).Append("</label> ");
                }

                html.Append("</fieldset><button name=\"decision\" value=\"accept\">Accept</button> ")
                    .Append("<button name=\"decision\" value=\"decline\">Decline</button></form>");
                break;
            case TicketState.Consented:
                var scope = ticket.Consent!;
                html.Append("<p>You accepted capture of ").Append(e.Encode(string.Join(", ", scope.Categories)))
                    .Append(" until ").Append(scope.WindowEnd.ToString("u", CultureInfo.InvariantCulture)).Append(".</p>")
                    .Append("<h2>What is held</h2><ul>");
                foreach (var snapshot in view.Snapshots)
                {
                    html.Append("<li>").Append(e.Encode(snapshot.Category)).Append(" from ").Append(e.Encode(snapshot.Source))
                        .Append(": ").Append(snapshot.Lines).Append(" lines, deleted by ")
                        .Append(snapshot.ExpiresAt.ToString("u", CultureInfo.InvariantCulture)).Append("</li>");
                }

                html.Append("</ul><p><a href=\"").Append(action).Append("/data\">Download everything held</a></p>")
                    .Append("<form method=\"post\" action=\"").Append(action).Append("\"><button name=\"decision\" value=\"revoke\">Withdraw consent and erase everything now</button></form>");
                break;
            default:
                html.Append("<p>Nothing is held for this ticket any more.</p>");
                foreach (var receipt in view.Receipts)
                {
                    html.Append("<p>Erased ").Append(receipt.ErasedAt.ToString("u", CultureInfo.InvariantCulture)).Append(" (")
                        .Append(e.Encode(receipt.Reason)).Append("): ").Append(receipt.SnapshotsDeleted).Append(" snapshots, ")
                        .Append(receipt.BytesDeleted).Append(" bytes.</p>");
                }

                break;
        }

        html.Append("<h2>Who accessed it</h2><ul>");
        foreach (var entry in view.Accesses)
        {
            html.Append("<li>").Append(entry.At.ToString("u", CultureInfo.InvariantCulture)).Append(' ')
                .Append(e.Encode(entry.ActorKind)).Append(' ').Append(e.Encode(entry.Actor)).Append(": ").Append(e.Encode(entry.Action)).Append("</li>");
        }

        return html.Append("</ul></main></body></html>").ToString();
    }

    private static string Hours(TimeSpan span) => span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) => span.TotalDays >= 1
        ? span.TotalDays.ToString("0.##", CultureInfo.InvariantCulture) + " days"
        : span.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) + " minutes";
}
