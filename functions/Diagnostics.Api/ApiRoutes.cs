using Diagnostics.Api.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Diagnostics.Api;

/// <summary>Who may call a route, and how the caller proves it.</summary>
public enum RouteAccess
{
    /// <summary>Ticketing system and collectors: a function key (AuthorizationLevel.Function).</summary>
    FunctionKey,

    /// <summary>Customers: the signed consent token in the route.</summary>
    ConsentToken,

    /// <summary>Support agents and auditors: App Service Authentication principal and role, checked by the handler.</summary>
    Principal,

    /// <summary>Static page assets: scripts and styles, no data.</summary>
    Public,
}

/// <summary>One HTTP operation, defined once for both hosts.</summary>
public sealed record ApiRoute(string Name, string Method, string Template, RouteAccess Access, Func<HttpContext, Task<IResult>> Handler);

/// <summary>Every route under <c>/api</c>. The Functions app declares the same (a test holds them equal).</summary>
public static class ApiRoutes
{
    public const string Prefix = "api";

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("OpenTicket", "POST", "tickets/{ticketId}/opened", RouteAccess.FunctionKey, TicketEndpoints.OpenAsync),
        new("CloseTicket", "POST", "tickets/{ticketId}/closed", RouteAccess.FunctionKey, TicketEndpoints.CloseAsync),
        new("ConsentPage", "GET", "consent/{token}", RouteAccess.ConsentToken, ConsentEndpoints.PageAsync),
        new("DecideConsent", "POST", "consent/{token}", RouteAccess.ConsentToken, ConsentEndpoints.DecideAsync),
        new("RevokeConsent", "DELETE", "consent/{token}", RouteAccess.ConsentToken, ConsentEndpoints.RevokeAsync),
        new("ExportData", "GET", "consent/{token}/data", RouteAccess.ConsentToken, ConsentEndpoints.ExportAsync),
        new("PushSnapshot", "POST", "tickets/{ticketId}/snapshots", RouteAccess.FunctionKey, SnapshotEndpoints.PushAsync),
        new("ListSnapshots", "GET", "tickets/{ticketId}/snapshots", RouteAccess.Principal, SnapshotEndpoints.ListAsync),
        new("ReadSnapshot", "GET", "tickets/{ticketId}/snapshots/{snapshotId}", RouteAccess.Principal, SnapshotEndpoints.ReadAsync),
        new("AgentConsole", "GET", "agent", RouteAccess.Principal, PageEndpoints.AgentConsoleAsync),
        new("RetentionReport", "GET", "admin/retention", RouteAccess.Principal, AdminEndpoints.RetentionAsync),
        new("AuditTrail", "GET", "admin/audit", RouteAccess.Principal, AdminEndpoints.AuditAsync),
        new("PageAsset", "GET", "assets/{name}", RouteAccess.Public, AssetEndpoints.GetAsync),
    ];

    public static ApiRoute Named(string name) => All.Single(r => r.Name == name);
}
