using System.Net;
using Diagnostics.Api.Security;

namespace Diagnostics.Api.Pages;

/// <summary>
/// The agent console's shell. It holds no data and no inline script or style: <c>agent.js</c> fetches everything
/// and builds the view with DOM APIs, so that log content (attacker-controlled) is only ever text.
/// </summary>
internal static class AgentPage
{
    public static string Render(AgentSignIn signIn, string? signedInName)
    {
        var mode = signIn switch
        {
            AgentSignIn.Platform => "platform",
            AgentSignIn.Development => "development",
            _ => "unavailable",
        };
        var identity = signIn switch
        {
            AgentSignIn.Platform =>
                $"""<p class="signed-in">Signed in as <strong id="signed-in-name">{WebUtility.HtmlEncode(signedInName)}</strong> · <a href="/.auth/logout?post_logout_redirect_uri=/api/agent">Sign out</a></p>""",
            AgentSignIn.Development => DevelopmentSignIn,
            _ => """<p class="notice" role="alert">Sign-in is not available here: in Azure, App Service Authentication signs agents in; locally, run the host with <code>./run.sh</code> (development sign-in).</p>""",
        };
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/api/assets/site.css">
            <link rel="stylesheet" href="/api/assets/agent.css">
            <script src="/api/assets/agent.js" defer></script>
            <title>Diagnostics agent console</title>
            </head>
            <body class="console" data-sign-in="{{mode}}">
            <a class="skip" href="#lookup-ticket">Skip to ticket lookup</a>
            <header class="bar">
            <h1>Diagnostics agent console</h1>
            <div id="identity">{{identity}}</div>
            </header>
            <div id="message" role="alert" hidden></div>
            <main>
            <section id="lookup-section" aria-labelledby="lookup-heading">
            <h2 id="lookup-heading">Find a ticket</h2>
            <form id="lookup" class="inline" autocomplete="off">
            <label for="lookup-ticket">Ticket id</label>
            <input id="lookup-ticket" required maxlength="64" pattern="[A-Za-z0-9_\-]{1,64}" spellcheck="false" aria-describedby="lookup-help">
            <button type="submit">Look up</button>
            <p id="lookup-help" class="help">Letters, digits, - and _. Press Enter to look up.</p>
            </form>
            </section>
            <section id="snapshots-section" aria-labelledby="snapshots-heading" hidden>
            <h2 id="snapshots-heading" tabindex="-1">Snapshots of ticket <span id="snapshots-ticket"></span></h2>
            <p id="snapshots-ips" class="help"></p>
            <p id="snapshots-empty" hidden>No snapshot is held for this ticket: none was captured yet, or all have expired.</p>
            <div class="scroll">
            <table id="snapshots">
            <thead><tr><th scope="col">Snapshot</th><th scope="col">Category</th><th scope="col">Source</th><th scope="col">Captured (UTC)</th><th scope="col">Expires in</th><th scope="col">Lines</th><th scope="col">Size</th><th scope="col">Redaction report</th><th scope="col"><span class="visually-hidden">Open</span></th></tr></thead>
            <tbody></tbody>
            </table>
            </div>
            </section>
            <section id="log-section" aria-labelledby="log-heading" hidden>
            <h2 id="log-heading" tabindex="-1">Snapshot <span id="log-snapshot"></span></h2>
            <form id="filters" autocomplete="off">
            <div class="field"><label for="filter-text">Text contains</label><input id="filter-text" type="search" maxlength="200" spellcheck="false"></div>
            <div class="field"><label for="filter-status">Status class</label><select id="filter-status"><option value="">Any</option><option value="2">2xx</option><option value="3">3xx</option><option value="4">4xx</option><option value="5">5xx</option></select></div>
            <div class="field"><label for="filter-from">From (UTC)</label><input id="filter-from" type="datetime-local" step="1"></div>
            <div class="field"><label for="filter-to">Before (UTC)</label><input id="filter-to" type="datetime-local" step="1"></div>
            <div class="field wide"><label for="filter-match">IP or e-mail address the customer gave</label><input id="filter-match" maxlength="320" spellcheck="false" aria-describedby="match-help">
            <p id="match-help" class="help">Matched without reveal: the service turns the value into this ticket's pseudonym and shows only the lines that hold it. The value is sent in a request header, never in a URL, and is neither stored nor logged.</p></div>
            <div class="field"><label for="filter-limit">Lines per page</label><select id="filter-limit"><option value="100">100</option><option value="1000" selected>1000</option><option value="10000">10000</option></select></div>
            <div class="actions"><button type="submit">Apply filters</button> <button type="button" id="filters-clear">Clear filters</button></div>
            </form>
            <p id="log-summary" role="status"></p>
            <figure id="chart-figure" hidden>
            <figcaption id="chart-caption"></figcaption>
            <div id="chart"></div>
            <table id="chart-totals"><caption>Requests by status class</caption><thead><tr><th scope="col">2xx</th><th scope="col">3xx</th><th scope="col">4xx</th><th scope="col">5xx</th></tr></thead><tbody><tr><td data-class="2"></td><td data-class="3"></td><td data-class="4"></td><td data-class="5"></td></tr></tbody></table>
            </figure>
            <p class="help">Highlighted values are pseudonyms: the same client keeps the same pseudonym within this ticket, and no pseudonym reveals who it stands for.</p>
            <ol id="log" class="log" tabindex="0" aria-label="Log lines"></ol>
            <nav class="pages" aria-label="Pages of lines"><button type="button" id="page-prev" disabled>Previous page</button> <button type="button" id="page-next" disabled>Next page</button></nav>
            </section>
            <section id="audit-section" aria-labelledby="audit-heading" hidden>
            <h2 id="audit-heading" tabindex="-1">Audit trail</h2>
            <form id="audit-filters" class="inline" autocomplete="off">
            <label for="audit-ticket">Ticket id</label><input id="audit-ticket" maxlength="64" pattern="[A-Za-z0-9_\-]{1,64}" spellcheck="false">
            <label for="audit-action">Action</label><select id="audit-action"><option value="">Any</option></select>
            <button type="submit">Show entries</button>
            </form>
            <div class="scroll">
            <table id="audit">
            <thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Ticket</th><th scope="col">Snapshot</th><th scope="col">Outcome</th><th scope="col">Detail</th></tr></thead>
            <tbody></tbody>
            </table>
            </div>
            </section>
            </main>
            </body>
            </html>
            """;
    }

    private const string DevelopmentSignIn = """
        <form id="sign-in" class="inline" autocomplete="off">
        <fieldset>
        <legend>Development sign-in (local host only)</legend>
        <label for="sign-in-name">Name</label><input id="sign-in-name" required maxlength="100" spellcheck="false">
        <label><input type="checkbox" id="sign-in-agent" checked> Agent</label>
        <label><input type="checkbox" id="sign-in-auditor"> Auditor</label>
        <button type="submit">Sign in</button>
        </fieldset>
        </form>
        <p id="signed-in" class="signed-in" hidden>Signed in as <strong id="signed-in-name"></strong> <span id="signed-in-roles"></span> <button type="button" id="sign-out">Sign out</button></p>
        """;
}
