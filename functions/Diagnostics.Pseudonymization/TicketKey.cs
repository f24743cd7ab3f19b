using System.Security.Cryptography;
using System.Text;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// Key material of one ticket, derived with HKDF-SHA256 from the master key and a random per-ticket
/// salt. Destroying the salt makes every pseudonym of the ticket unlinkable (crypto-shredding).
/// </summary>
public sealed class TicketKey
{
    public const int MinMasterKeyBytes = 32;
    public const int SaltBytes = 32;

    /// <summary>Shortest salt accepted; <see cref="NewSalt"/> gives <see cref="SaltBytes"/>.</summary>
    public const int MinSaltBytes = 16;

    /// <summary>Bound into every derivation; a new scheme gets a new label and so new pseudonyms.</summary>
    public const string SchemeVersion = "diagnostics/pseudonym/v1";

    private const int MaterialBytes = 32;

    private TicketKey(byte[] material, bool prefixPreservingIps)
    {
        Material = material;
        PrefixPreservingIps = prefixPreservingIps;
    }

    /// <summary>
    /// The ticket's choice of IPv4 pseudonyms: false (the default) for a keyed permutation in <c>2001:db8:4::/96</c>,
    /// where neighbouring addresses get unrelated pseudonyms; true for a keyed prefix-preserving permutation in
    /// <c>2001:db8:4:1::/96</c>, where addresses that share their first k bits share the first k bits of their
    /// pseudonyms' low 32 bits, which reveals the subnet structure. See docs/decisions/0007-prefix-preserving-ipv4.md.
    /// </summary>
    public bool PrefixPreservingIps { get; }

    internal byte[] Material { get; }

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltBytes);

    /// <summary>The ticket's key; <c>prefixPreservingIps</c> is the ticket's choice of <see cref="PrefixPreservingIps"/>.</summary>
    /// <exception cref="ArgumentException">The master key is shorter than <see cref="MinMasterKeyBytes"/>, the salt shorter than <see cref="MinSaltBytes"/>, or the ticket id empty.</exception>
    public static TicketKey Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> salt, string ticketId, bool prefixPreservingIps = false)
    {
        if (masterKey.Length < MinMasterKeyBytes)
        {
            throw new ArgumentException($"The master key must be at least {MinMasterKeyBytes} bytes.", nameof(masterKey));
        }

        if (salt.Length < MinSaltBytes)
        {
            throw new ArgumentException($"The salt must be at least {MinSaltBytes} bytes.", nameof(salt));
        }

        ArgumentException.ThrowIfNullOrEmpty(ticketId);

        // info = version label, NUL, ticket id: the version cannot run into the id.
        int versionLength = Encoding.UTF8.GetByteCount(SchemeVersion);
        var info = new byte[versionLength + 1 + Encoding.UTF8.GetByteCount(ticketId)];
        Encoding.UTF8.GetBytes(SchemeVersion, info);
        Encoding.UTF8.GetBytes(ticketId, info.AsSpan(versionLength + 1));

        var material = new byte[MaterialBytes];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, material, salt, info);
        return new TicketKey(material, prefixPreservingIps);
    }

    /// <summary>A subkey for one purpose of this ticket (HKDF-Expand with the purpose as info).</summary>
    internal byte[] Subkey(ReadOnlySpan<byte> purpose, int length)
    {
        var key = new byte[length];
        HKDF.Expand(HashAlgorithmName.SHA256, Material, key, purpose);
        return key;
    }
}
