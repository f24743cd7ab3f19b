using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Diagnostics.Core.Domain;

namespace Diagnostics.Core.Security;

/// <summary>
/// Consent links: <c>{ticketId}.{keyId}.{expiresUnixSeconds}.{hmac}</c>, HMAC-SHA256 signed, expiring,
/// bound to one ticket and compared in constant time.
/// </summary>
public sealed class ConsentTokens(KeyRing keys, TimeProvider time)
{
    public const int MaxLength = 200;

    public string Issue(string ticketId, DateTimeOffset expiresAt)
    {
        var keyId = keys.CurrentKeyId;
        var payload = $"{ticketId}.{keyId}.{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        return payload + "." + Base64Url.EncodeToString(Sign(keyId, payload)!);
    }

    /// <summary>The ticket id the token is bound to, or null for anything malformed, forged or expired.</summary>
    public string? Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length != 4 || !Ids.IsValid(parts[0]) || !Ids.IsValid(parts[1]) ||
            !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        var expected = Sign(parts[1], token[..token.LastIndexOf('.')]);
        Span<byte> given = stackalloc byte[64];
        if (expected is null || !Base64Url.IsValid(parts[3]) ||
            Base64Url.DecodeFromChars(parts[3], given, out _, out var written) != System.Buffers.OperationStatus.Done ||
            !CryptographicOperations.FixedTimeEquals(expected, given[..written]))
        {
            return null;
        }

        return time.GetUtcNow().ToUnixTimeSeconds() < expires ? parts[0] : null;
    }

    private byte[]? Sign(string keyId, string payload) =>
        keys.TokenSigningKey(keyId) is { } key ? HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)) : null;
}
