using System.Security.Cryptography;
using System.Text;
using Diagnostics.Core.Domain;
using Diagnostics.Core.Options;
using Diagnostics.Pseudonymization;
using Microsoft.Extensions.Options;

namespace Diagnostics.Core.Security;

/// <summary>The configured master keys, by key id, and what derives from them.</summary>
public sealed class KeyRing
{
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public KeyRing(IOptions<PseudonymizationOptions> options)
    {
        var value = options.Value;
        foreach (var (id, key) in value.PreviousKeys)
        {
            _keys[id] = PseudonymizationOptions.Decode(key) ?? throw new InvalidOperationException($"Key '{id}' is not base64.");
        }

        CurrentKeyId = value.KeyId;
        _keys[CurrentKeyId] = PseudonymizationOptions.Decode(value.MasterKey) ?? throw new InvalidOperationException("The master key is not base64.");
    }

    /// <summary>The key new tickets are given.</summary>
    public string CurrentKeyId { get; }

    /// <summary>The ticket's own pseudonym key, or null when its key material is gone (erased) or its master key retired.</summary>
    public TicketKey? ForTicket(Ticket ticket) =>
        ticket.Salt is { } salt && ticket.KeyId is { } keyId && _keys.TryGetValue(keyId, out var master)
            ? TicketKey.Derive(master, salt, ticket.TicketId, ticket.PrefixPreservingIps)
            : null;

    /// <summary>A key for signing consent tokens, separate from every pseudonym key.</summary>
    internal byte[]? TokenSigningKey(string keyId) =>
        _keys.TryGetValue(keyId, out var master)
            ? HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, salt: null, info: Encoding.UTF8.GetBytes("diagnostics/consent-token/v1"))
            : null;
}
