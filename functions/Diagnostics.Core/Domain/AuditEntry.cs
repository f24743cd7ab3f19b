namespace Diagnostics.Core.Domain;

public static class AuditAction
{
    public const string TicketOpened = "ticket.opened";
    public const string TicketClosed = "ticket.closed";
    public const string ConsentAccepted = "consent.accepted";
    public const string ConsentDeclined = "consent.declined";
    public const string ConsentRevoked = "consent.revoked";
    public const string SnapshotPushed = "snapshot.pushed";
    public const string SnapshotPulled = "snapshot.pulled";
    public const string SnapshotsListed = "snapshots.listed";
    public const string SnapshotRead = "snapshot.read";
    public const string SnapshotMatched = "snapshot.matched";
    public const string DataExported = "data.exported";
    public const string Purged = "purge.deleted";

    public static IReadOnlyList<string> All { get; } =
    [
        TicketOpened, TicketClosed, ConsentAccepted, ConsentDeclined, ConsentRevoked, SnapshotPushed, SnapshotsListed,
        SnapshotRead, SnapshotMatched, DataExported, Purged,
    ];
}

public static class ActorKind
{
    public const string Agent = "agent";
    public const string Customer = "customer";
    public const string Ticketing = "ticketing";
    public const string Collector = "collector";
    public const string System = "system";
}

/// <summary>Who did what to which ticket, when, and how it ended. Never holds a candidate value or log content.</summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string ActorKind,
    string Actor,
    string Action,
    string TicketId,
    string? SnapshotId,
    string Outcome,
    string? Detail = null);

/// <summary>Who is calling: an agent's name from their principal, or a role such as the customer.</summary>
public sealed record Actor(string Kind, string Name)
{
    public static Actor Customer { get; } = new(ActorKind.Customer, "customer");
    public static Actor Ticketing { get; } = new(ActorKind.Ticketing, "ticketing");
    public static Actor Collector { get; } = new(ActorKind.Collector, "collector");
    public static Actor System { get; } = new(ActorKind.System, "purge");
}
