namespace Diagnostics.Pseudonymization;

/// <summary>What kind of raw identifier the verification gate found in a line.</summary>
public enum IdentifierKind
{
    None,
    Ipv4,
    Ipv6,
    Email,
}
