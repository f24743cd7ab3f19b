namespace Diagnostics.Core.Domain;

public static class ErasureReason
{
    public const string Revoked = "revoked";
    public const string Declined = "declined";
    public const string Expired = "expired";
    public const string Abandoned = "abandoned";
}

/// <summary>Proof of an erasure, without personal data.</summary>
public sealed record DeletionReceipt(
    string TicketId,
    int SnapshotsDeleted,
    long BytesDeleted,
    DateTimeOffset ErasedAt,
    string Reason);
