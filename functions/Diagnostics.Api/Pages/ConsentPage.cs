using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Operations;

namespace Diagnostics.Api.Pages;

/// <summary>
/// The customer's consent page, server-rendered in English or French: it works without script (forms post and come back
/// with 303), and <c>consent.js</c> only opens the revoke confirmation in place. Every value is HTML-encoded.
/// </summary>
internal static class ConsentPage
{
    public const string ConfirmRevokeStep = "revoke";

    // Letters of every language stay readable in the source; markup characters are always encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Capture windows offered, in hours; the configured default and maximum are added when missing.</summary>
    private static readonly int[] WindowChoices = [1, 6, 12, 24, 48, 72, 168];

    private static readonly string[] DetectorOrder = ["ipv4", "ipv6", "email"];

    public static string Render(ConsentView view, string token, ConsentText text, DateTimeOffset now, string? step, string? error)
    {
        var ticket = view.Ticket;
        var html = new StringBuilder(8192);
        var self = $"/api/consent/{Encode(token)}";
        var query = $"?lang={text.Code}";
        Head(html, text, text.Title(ticket.TicketId), $"{self}?lang={text.OtherCode}{(step is null ? string.Empty : "&amp;step=" + Encode(step))}");
        html.Append("<h1>").Append(Encode(text.Title(ticket.TicketId))).Append("</h1>");
        if (error is not null)
        {
            html.Append("<p class=\"error\" role=\"alert\" id=\"form-error\">").Append(Encode(error)).Append("</p>");
        }

        switch (ticket.State)
        {
            case TicketState.Opened:
                Opened(html, view, text, self + query, error is not null);
                break;
            case TicketState.Consented when step == ConfirmRevokeStep:
                ConfirmRevoke(html, text, self + query, visible: true);
                break;
            case TicketState.Consented:
                Consented(html, view, text, self, query, now);
                break;
            default:
                Erased(html, view, text);
                break;
        }

        Accesses(html, view, text);
        return Foot(html);
    }

    /// <summary>The answer to a bad, forged or expired link: the same page for all, as the API answers the same problem.</summary>
    public static string RenderUnknownLink(ConsentText text, string path)
    {
        var html = new StringBuilder(1024);
        Head(html, text, text.UnknownTitle, $"{Encode(path)}?lang={text.OtherCode}");
        html.Append("<h1>").Append(Encode(text.UnknownTitle)).Append("</h1><p>").Append(Encode(text.UnknownExplain)).Append("</p>");
        return Foot(html);
    }

    private static void Opened(StringBuilder html, ConsentView view, ConsentText text, string action, bool invalid)
    {
        var ticket = view.Ticket;
        html.Append("<p class=\"lead\">").Append(Encode(text.Intro)).Append("</p>");
        html.Append("<section aria-labelledby=\"what\"><h2 id=\"what\">").Append(Encode(text.WhatHeading)).Append("</h2><ul>");
        foreach (var category in Category.All)
        {
            var (name, description) = text.Categories[category];
            html.Append("<li><strong>").Append(Encode(name)).Append("</strong>").Append(Encode(text.Colon)).Append(Encode(description)).Append("</li>");
        }

        html.Append("</ul></section>");
        Section(html, "when", text.WhenHeading,
            view.PullsFrom is { } from ? text.WhenPulled(text.Date(from)) : text.WhenFromAccept);
        Section(html, "keep", text.KeepHeading, text.Keep(text.Duration(view.Retention)));
        Section(html, "who", text.WhoHeading, text.Who);
        Section(html, "protect", text.ProtectHeading, ticket.PrefixPreservingIps ? $"{text.Protect} {text.ProtectSubnets}" : text.Protect);

        var describedBy = invalid ? " aria-describedby=\"form-error\"" : string.Empty;
        html.Append("<section aria-labelledby=\"choose\"><h2 id=\"choose\">").Append(Encode(text.ChooseHeading)).Append("</h2>")
            .Append("<form method=\"post\" action=\"").Append(action).Append('"').Append(describedBy).Append('>')
            .Append("<fieldset><legend>").Append(Encode(text.CategoriesLegend)).Append("</legend>");
        foreach (var category in Category.All)
        {
            var (name, description) = text.Categories[category];
            var id = "category-" + category;
            html.Append("<div class=\"choice\"><input type=\"checkbox\" name=\"categories\" id=\"").Append(id).Append("\" value=\"")
                .Append(category).Append("\" checked aria-describedby=\"").Append(id).Append("-hint\"><label for=\"").Append(id).Append("\">")
                .Append(Encode(name)).Append("</label> <span class=\"hint\" id=\"").Append(id).Append("-hint\">").Append(Encode(description))
                .Append("</span></div>");
        }

        html.Append("</fieldset><fieldset><legend>").Append(Encode(text.SitesLegend)).Append("</legend>");
        for (var i = 0; i < ticket.Sites.Count; i++)
        {
            html.Append("<div class=\"choice\"><input type=\"checkbox\" name=\"sites\" id=\"site-").Append(i).Append("\" value=\"")
                .Append(Encode(ticket.Sites[i])).Append("\" checked><label for=\"site-").Append(i).Append("\">")
                .Append(Encode(ticket.Sites[i])).Append("</label></div>");
        }

        html.Append("</fieldset><div class=\"field\"><label for=\"window\">").Append(Encode(text.WindowLabel)).Append("</label>")
            .Append("<select id=\"window\" name=\"windowHours\" aria-describedby=\"window-hint\">");
        var defaultHours = (int)Math.Round(view.DefaultWindow.TotalHours);
        var maxHours = (int)Math.Floor(view.MaxWindow.TotalHours);
        foreach (var hours in WindowChoices.Append(defaultHours).Append(maxHours).Where(h => h >= 1 && h <= maxHours).Distinct().Order())
        {
            html.Append("<option value=\"").Append(hours.ToString(CultureInfo.InvariantCulture)).Append('"')
                .Append(hours == defaultHours ? " selected" : string.Empty).Append('>')
                .Append(Encode(text.Duration(TimeSpan.FromHours(hours)))).Append("</option>");
        }

        html.Append("</select><p class=\"hint\" id=\"window-hint\">").Append(Encode(text.WindowHint)).Append("</p></div>")
            .Append("<div class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"accept\" class=\"primary\">")
            .Append(Encode(text.Accept)).Append("</button> <button type=\"submit\" name=\"decision\" value=\"decline\" class=\"secondary\">")
            .Append(Encode(text.Decline)).Append("</button></div><p class=\"hint\">").Append(Encode(text.DeclineHint)).Append("</p></form></section>");
    }

    private static void Consented(StringBuilder html, ConsentView view, ConsentText text, string self, string query, DateTimeOffset now)
    {
        var ticket = view.Ticket;
        var scope = ticket.Consent!;
        html.Append("<p class=\"lead\" id=\"status\">").Append(Encode(text.Accepted(
            text.Date(scope.DecidedAt),
            text.List(scope.Categories.Select(text.CategoryName)),
            text.List(scope.Sites),
            text.Date(scope.WindowEnd)))).Append("</p>");
        if (ticket.CaptureEnd is { } end && end <= now)
        {
            html.Append("<p>").Append(Encode(text.CaptureEnded(text.Date(end)))).Append("</p>");
        }

        html.Append("<section aria-labelledby=\"held\"><h2 id=\"held\">").Append(Encode(text.HeldHeading)).Append("</h2>");
        if (view.Snapshots.Count == 0)
        {
            html.Append("<p>").Append(Encode(text.NothingHeld)).Append("</p>");
        }
        else
        {
            html.Append("<div class=\"table\"><table id=\"snapshots\"><caption>").Append(Encode(text.HeldCaption)).Append("</caption><thead><tr>");
            foreach (var column in new[] { text.ColumnWhat, text.ColumnSource, text.ColumnRecorded, text.ColumnLines, text.ColumnProtected, text.ColumnDeleted })
            {
                html.Append("<th scope=\"col\">").Append(Encode(column)).Append("</th>");
            }

            html.Append("</tr></thead><tbody>");
            foreach (var snapshot in view.Snapshots.OrderBy(s => s.CapturedAt))
            {
                html.Append("<tr><th scope=\"row\">").Append(Encode(text.Categories.TryGetValue(snapshot.Category, out var c) ? c.Name : snapshot.Category))
                    .Append("</th><td>").Append(Encode(snapshot.Source)).Append("</td><td>").Append(Time(text, snapshot.CapturedAt))
                    .Append("</td><td>").Append(snapshot.Lines.ToString(CultureInfo.InvariantCulture)).Append(" <span class=\"hint\">(")
                    .Append(Encode(text.Size(snapshot.Bytes))).Append(")</span></td><td>").Append(Encode(Protection(text, snapshot)))
                    .Append("</td><td>").Append(Time(text, snapshot.ExpiresAt)).Append("</td></tr>");
            }

            html.Append("</tbody></table></div>");
        }

        html.Append("<p><a id=\"download\" class=\"button secondary\" href=\"").Append(self).Append("/data\" download>")
            .Append(Encode(text.Download)).Append("</a></p><p class=\"hint\">").Append(Encode(text.DownloadHint)).Append("</p></section>");

        html.Append("<section aria-labelledby=\"revoke\"><h2 id=\"revoke\">").Append(Encode(text.RevokeHeading)).Append("</h2><p>")
            .Append(Encode(text.RevokeExplain)).Append("</p><p><a id=\"revoke-start\" class=\"button danger\" href=\"").Append(self).Append(query)
            .Append("&amp;step=").Append(ConfirmRevokeStep).Append("\" data-reveals=\"revoke-confirm\">").Append(Encode(text.RevokeStart))
            .Append("</a></p>");
        ConfirmRevoke(html, text, self + query, visible: false);
        html.Append("</section>");
    }

    /// <summary>The confirmation: its own step without script; revealed in place by consent.js.</summary>
    private static void ConfirmRevoke(StringBuilder html, ConsentText text, string action, bool visible)
    {
        html.Append("<div id=\"revoke-confirm\" class=\"confirm\"").Append(visible ? string.Empty : " hidden").Append("><h2 id=\"confirm-heading\" tabindex=\"-1\">")
            .Append(Encode(text.ConfirmHeading)).Append("</h2><p>").Append(Encode(text.ConfirmExplain)).Append("</p>")
            .Append("<form method=\"post\" action=\"").Append(action).Append("\"><div class=\"actions\">")
            .Append("<button type=\"submit\" name=\"decision\" value=\"revoke\" class=\"danger\">").Append(Encode(text.ConfirmRevoke))
            .Append("</button> <a class=\"button secondary\" id=\"revoke-cancel\" href=\"").Append(action).Append("\">").Append(Encode(text.Cancel))
            .Append("</a></div></form></div>");
    }

    private static void Erased(StringBuilder html, ConsentView view, ConsentText text)
    {
        html.Append("<section aria-labelledby=\"erased\" id=\"receipt\"><h2 id=\"erased\">").Append(Encode(text.ErasedHeading)).Append("</h2>");
        foreach (var receipt in view.Receipts)
        {
            html.Append("<p>").Append(Encode(text.Receipt(text.Date(receipt.ErasedAt), receipt.SnapshotsDeleted, text.Size(receipt.BytesDeleted),
                text.ReasonText(receipt.Reason)))).Append("</p>");
        }

        html.Append("<p>").Append(Encode(text.ErasedFooter)).Append("</p></section>");
    }

    private static void Accesses(StringBuilder html, ConsentView view, ConsentText text)
    {
        html.Append("<section aria-labelledby=\"access\"><h2 id=\"access\">").Append(Encode(text.AccessHeading)).Append("</h2>");
        if (view.Accesses.Count == 0)
        {
            html.Append("<p>").Append(Encode(text.NoAccess)).Append("</p></section>");
            return;
        }

        html.Append("<div class=\"table\"><table id=\"accesses\"><caption>").Append(Encode(text.AccessCaption)).Append("</caption><thead><tr><th scope=\"col\">")
            .Append(Encode(text.ColumnWhen)).Append("</th><th scope=\"col\">").Append(Encode(text.ColumnWho)).Append("</th><th scope=\"col\">")
            .Append(Encode(text.ColumnAction)).Append("</th></tr></thead><tbody>");
        foreach (var entry in view.Accesses)
        {
            html.Append("<tr><td>").Append(Time(text, entry.At)).Append("</td><td>").Append(Encode(text.Actor(entry.ActorKind, entry.Actor)))
                .Append("</td><td>").Append(Encode(text.ActionName(entry.Action) + text.Outcome(entry.Outcome))).Append("</td></tr>");
        }

        html.Append("</tbody></table></div></section>");
    }

    private static string Protection(ConsentText text, Snapshot snapshot)
    {
        var parts = new List<string>(2);
        if (Counts(text, snapshot.Pseudonymized) is { Length: > 0 } replaced)
        {
            parts.Add(text.Replaced + text.Colon + replaced);
        }

        if (Counts(text, snapshot.Removed) is { Length: > 0 } removed)
        {
            parts.Add(text.Removed + text.Colon + removed);
        }

        return parts.Count == 0 ? text.NoIdentifierFound : string.Join(". ", parts);
    }

    private static string Counts(ConsentText text, IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.Where(c => c.Value > 0)
            .OrderBy(c => Array.IndexOf(DetectorOrder, c.Key) is var i and >= 0 ? i : DetectorOrder.Length).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Value} {text.DetectorName(c.Key, c.Value)}"));

    private static void Section(StringBuilder html, string id, string heading, string body) =>
        html.Append("<section aria-labelledby=\"").Append(id).Append("\"><h2 id=\"").Append(id).Append("\">").Append(Encode(heading))
            .Append("</h2><p>").Append(Encode(body)).Append("</p></section>");

    private static string Time(ConsentText text, DateTimeOffset at) =>
        $"<time datetime=\"{at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\">{Encode(text.Date(at))}</time>";

    private static void Head(StringBuilder html, ConsentText text, string title, string switchHref) =>
        html.Append("<!doctype html><html lang=\"").Append(text.Code).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>").Append(Encode(title)).Append("</title><link rel=\"icon\" href=\"data:,\">")
            .Append("<link rel=\"stylesheet\" href=\"/api/assets/consent.css\"><script src=\"/api/assets/consent.js\" defer></script></head>")
            .Append("<body><header><nav aria-label=\"").Append(Encode(text.LanguageNav)).Append("\"><a id=\"language-switch\" href=\"").Append(switchHref)
            .Append("\" hreflang=\"").Append(text.OtherCode).Append("\" lang=\"").Append(text.OtherCode).Append("\" aria-label=\"")
            .Append(Encode(text.SwitchLabel)).Append("\">").Append(Encode(text.OtherName)).Append("</a></nav></header><main>");

    private static string Foot(StringBuilder html) => html.Append("</main></body></html>").ToString();

    private static string Encode(string value) => Encoder.Encode(value);
}
