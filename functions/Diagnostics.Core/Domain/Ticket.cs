namespace Diagnostics.Core.Domain;

public enum TicketState
{
    /// <summary>Registered; waiting for the customer's decision. Nothing is captured.</summary>
    Opened,

    /// <summary>The customer accepted: capture is allowed within the consented scope and window.</summary>
    Consented,

    /// <summary>The customer declined: nothing is ever captured.</summary>
    Declined,

    /// <summary>Erased: snapshots and key material are gone; only this tombstone and the receipt remain.</summary>
    Erased,
}

/// <summary>What the customer accepted.</summary>
public sealed record ConsentScope(
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Sites,
    DateTimeOffset DecidedAt,
    DateTimeOffset WindowEnd);

public sealed record Ticket
{
    public required string TicketId { get; init; }

    /// <summary>The hosting customer's id; needed to pull their logs. Cleared at erasure.</summary>
    public string? CustomerId { get; init; }

    public IReadOnlyList<string> Sites { get; init; } = [];

    public required DateTimeOffset OpenedAt { get; init; }

    public TicketState State { get; init; } = TicketState.Opened;

    public ConsentScope? Consent { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public DateTimeOffset? DeclinedAt { get; init; }

    public DateTimeOffset? ErasedAt { get; init; }

    /// <summary>Which master key the ticket's pseudonym key derives from.</summary>
    public string? KeyId { get; init; }

    /// <summary>
    /// Chosen at registration, never changed: IPv4 pseudonyms of this ticket preserve subnets (see
    /// docs/decisions/0007-prefix-preserving-ipv4.md). Off by default, since it reveals the subnet structure.
    /// </summary>
    public bool PrefixPreservingIps { get; init; }

    /// <summary>Random per-ticket HKDF salt; destroyed at erasure (crypto-shredding).</summary>
    public byte[]? Salt { get; init; }

    /// <summary>Optimistic-concurrency version from storage (an ETag); null for a new ticket.</summary>
    public string? Version { get; init; }

    public bool IsErased => State == TicketState.Erased;

    /// <summary>The end of capture: the consent window, cut short by closing the ticket.</summary>
    public DateTimeOffset? CaptureEnd =>
        Consent is null ? null : ClosedAt is { } closed && closed < Consent.WindowEnd ? closed : Consent.WindowEnd;

    /// <summary>Whether a snapshot of this category may be captured at <paramref name="now"/>.</summary>
    public bool AllowsCapture(string category, DateTimeOffset now) =>
        State == TicketState.Consented && Consent is not null && Salt is not null &&
        Consent.Categories.Contains(category) && now < CaptureEnd;
}
