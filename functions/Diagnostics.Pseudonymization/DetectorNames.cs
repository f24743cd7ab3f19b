namespace Diagnostics.Pseudonymization;

/// <summary>The names under which the redaction report counts each detector.</summary>
public static class DetectorNames
{
    public const string Ipv4 = "ipv4";
    public const string Ipv6 = "ipv6";
    public const string Email = "email";

    /// <summary>Every detector that pseudonymizes, in report order.</summary>
    public static IReadOnlyList<string> Pseudonymizing { get; } = [Ipv4, Ipv6, Email];
}
