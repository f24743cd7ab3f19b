namespace Diagnostics.Pseudonymization;

/// <summary>What kind of raw identifier or secret the verification gate found in a line.</summary>
public enum IdentifierKind
{
    None,
    Ipv4,
    Ipv6,
    Email,
    User,
    Phone,
    Iban,
    CustomerId,
    Card,

    /// <summary>A password, token, API key, cookie or authorization value.</summary>
    Secret,
}
