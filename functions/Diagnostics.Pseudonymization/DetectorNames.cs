namespace Diagnostics.Pseudonymization;

/// <summary>The names under which the redaction report counts each detector.</summary>
public static class DetectorNames
{
    public const string Ipv4 = "ipv4";
    public const string Ipv6 = "ipv6";
    public const string Email = "email";
    public const string User = "user";
    public const string Host = "host";
    public const string Phone = "phone";
    public const string Iban = "iban";
    public const string CustomerId = "customer-id";
    public const string Password = "password";
    public const string Secret = "secret";
    public const string ApiKey = "api-key";
    public const string Jwt = "jwt";
    public const string Authorization = "authorization";
    public const string Cookie = "cookie";
    public const string Card = "card";

    /// <summary>Every detector that pseudonymizes, in report order.</summary>
    public static IReadOnlyList<string> Pseudonymizing { get; } = [Ipv4, Ipv6, Email, User, Host, Phone, Iban, CustomerId];

    /// <summary>Every detector that removes what it finds, in report order.</summary>
    public static IReadOnlyList<string> Removing { get; } = [Password, Secret, ApiKey, Jwt, Authorization, Cookie, Card];
}
