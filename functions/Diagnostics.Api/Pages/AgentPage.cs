namespace Diagnostics.Api.Pages;

/// <summary>The agent console's entry page.</summary>
internal static class AgentPage
{
    public static string Render() =>
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/api/assets/site.css\"><title>Diagnostics agent console</title></head><body><main>" +
        "<h1>Diagnostics agent console</h1>" +
        "<p>Snapshots of a ticket: <code>GET /api/tickets/{ticketId}/snapshots</code>; content: <code>GET /api/tickets/{ticketId}/snapshots/{snapshotId}</code> " +
        "with the filters <code>text</code>, <code>status</code>, <code>from</code>, <code>to</code> and <code>match</code>. " +
        "Both need the role Diagnostics.Agent.</p></main></body></html>";
}
