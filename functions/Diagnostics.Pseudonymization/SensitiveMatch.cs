namespace Diagnostics.Pseudonymization;

/// <summary>What the context detectors found; each kind is either pseudonymized or removed (the kinds from <see cref="Password"/> on).</summary>
internal enum SensitiveKind : byte
{
    User,
    Host,
    Phone,
    Iban,
    CustomerId,
    Password,
    Secret,
    ApiKey,
    Jwt,
    Authorization,
    Cookie,
    Card,
}

/// <summary>A span of a line to replace; <see cref="Quote"/> wraps a removed JSON number in quotes so the JSON stays valid.</summary>
internal readonly record struct SensitiveMatch(int Start, int End, SensitiveKind Kind, bool Quote = false);
