using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// Pseudonyms of one ticket: keyed, deterministic, injective, typed. Not thread-safe. Disposing it
/// releases its cipher and MAC contexts early; the finalizers do it otherwise.
/// </summary>
/// <remarks>
/// IPv4 <c>a.b.c.d</c> → <c>2001:db8:4::/96</c> + a keyed 32-bit permutation of the address, or, when the
/// ticket chose it, <c>2001:db8:4:1::/96</c> + a keyed prefix-preserving permutation.
/// IPv6 → <c>2001:db8:6::/48</c> + 80 bits of HMAC-SHA256 of the 16 address bytes.
/// E-mail → <c>u-</c> + 80 bits of HMAC-SHA256, base32, <c>@pseudonym.invalid</c>.
/// See docs/decisions/0002-pseudonym-scheme.md.
/// </remarks>
public sealed class Pseudonymizer : IDisposable
{
    /// <summary>Each cache is cleared when it reaches this many entries, which bounds its memory.</summary>
    internal const int MaxCacheEntries = 64 * 1024;

    /// <summary>Longest pseudonym text: an e-mail pseudonym (<c>u-</c> + 16 + <c>@pseudonym.invalid</c>).</summary>
    internal const int MaxPseudonymBytes = 36;

    /// <summary>No identifier we recognise is longer than this; longer candidates get no pseudonym.</summary>
    private const int MaxCandidateChars = 1024;

    private const int MaxCachedEmailChars = 256;
    private const int MacBytes = 10;

    private readonly IIpv4Permutation _ipv4;
    private readonly byte _ipv4Scheme;
    private readonly IncrementalHash _ipv6Mac;
    private readonly IncrementalHash _emailMac;
    private readonly Dictionary<uint, byte[]> _ipv4Cache = [];
    private readonly Dictionary<UInt128, byte[]> _ipv6Cache = [];
    private readonly Dictionary<string, byte[]> _emailCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]>.AlternateLookup<ReadOnlySpan<char>> _emailLookup;
    private readonly TypedToken _user;
    private readonly TypedToken _phone;
    private readonly TypedToken _iban;
    private readonly TypedToken _customer;
    private readonly TypedToken _host;

    /// <summary>
    /// Whether <paramref name="text"/> starts the way a pseudonym or a removal marker of the scrubber's does (<c>u-</c>,
    /// <c>user-</c>, <c>host-</c>, <c>phone-</c>, <c>iban-</c>, <c>cid-</c>, <c>2001:db8:</c>, <c>[removed:</c>): where a
    /// rule reads a neighbouring word, such a word may stand for text that the rule read differently.
    /// </summary>
    internal static bool StartsLikePseudonym(ReadOnlySpan<byte> text) =>
        text.StartsWith("u-"u8) || text.StartsWith("user-"u8) || text.StartsWith("host-"u8) || text.StartsWith("phone-"u8) || text.StartsWith("iban-"u8)
        || text.StartsWith("cid-"u8) || text.StartsWith("[removed:"u8) || text.StartsWith("2001:db8:"u8);

    /// <summary>2001:db8:4::/48 in the documentation prefix (RFC 3849); the next 16 bits say which IPv4 permutation.</summary>
    private static ReadOnlySpan<byte> Ipv4PseudonymPrefix => [0x20, 0x01, 0x0d, 0xb8, 0x00, 0x04];

    /// <summary>2001:db8:6::/48.</summary>
    private static ReadOnlySpan<byte> Ipv6PseudonymPrefix => [0x20, 0x01, 0x0d, 0xb8, 0x00, 0x06];

    public Pseudonymizer(TicketKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        if (key.PrefixPreservingIps)
        {
            _ipv4 = new Ipv4PrefixPermutation(key.Subkey("ipv4/prefix-preserving-aes128"u8, 16));
            _ipv4Scheme = 1;
        }
        else
        {
            _ipv4 = new Ipv4Permutation(key.Subkey("ipv4/feistel-aes128"u8, 16));
        }

        _ipv6Mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.Subkey("ipv6/hmac-sha256"u8, 32));
        _emailMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.Subkey("email/hmac-sha256"u8, 32));
        _emailLookup = _emailCache.GetAlternateLookup<ReadOnlySpan<char>>();
        _user = new TypedToken(key.Subkey("user/hmac-sha256"u8, 32), "user-"u8);
        _phone = new TypedToken(key.Subkey("phone/hmac-sha256"u8, 32), "phone-"u8);
        _iban = new TypedToken(key.Subkey("iban/hmac-sha256"u8, 32), "iban-"u8);
        _customer = new TypedToken(key.Subkey("customer/hmac-sha256"u8, 32), "cid-"u8);
        _host = new TypedToken(key.Subkey("host/hmac-sha256"u8, 32), "host-"u8);
    }

    public TicketKey Key { get; }

    /// <summary>
    /// The pseudonym this ticket gives a candidate value (IP or e-mail), or null when it is none of those.
    /// The candidate is trimmed and read as the scrubber reads a log, so the result is exactly the text the
    /// scrubber writes for that value: IPv6 in any textual form (brackets and zone id allowed) gives the
    /// pseudonym of its canonical form, <c>::ffff:a.b.c.d</c> that of <c>a.b.c.d</c>, and the domain of an
    /// e-mail address is case-insensitive.
    /// </summary>
    public string? PseudonymFor(string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (TypedPseudonymFor(candidate) is { } typed)
        {
            return typed;
        }

        var value = candidate.AsSpan().Trim();
        if (value.Length >= 2 && value[0] == '[' && value[^1] == ']')
        {
            value = value[1..^1];
        }

        if (value.IsEmpty || value.Length > MaxCandidateChars)
        {
            return null;
        }

        Span<byte> text = stackalloc byte[MaxCandidateChars * 3];
        int length = Encoding.UTF8.GetBytes(value, text);

        Span<byte> pseudonym = stackalloc byte[64];
        return IdentifierScanner.TryPseudonymizeWhole(text[..length], this, pseudonym, out int written)
            ? Encoding.ASCII.GetString(pseudonym[..written])
            : null;
    }

    /// <summary>
    /// User names, phones, IBANs, customer ids and host names cannot be told apart by their text, so they are
    /// asked for with a type prefix: <c>user:alice</c>, <c>phone:06 12 34 56 78</c>, <c>iban:FR76 3000 …</c>,
    /// <c>cid:cust-42</c>, <c>host:pc-1.example.net</c>. Null for any other candidate.
    /// </summary>
    private string? TypedPseudonymFor(string candidate)
    {
        int colon = candidate.IndexOf(':', StringComparison.Ordinal);
        if (colon is < 3 or > 5 || candidate.Length - colon - 1 > MaxCandidateChars)
        {
            return null;
        }

        string type = candidate[..colon];
        string raw = candidate[(colon + 1)..].Trim();
        if (raw.Length == 0 || type is not ("user" or "phone" or "iban" or "cid" or "host"))
        {
            return null;
        }

        byte[] value = Encoding.UTF8.GetBytes(raw);
        Span<byte> pseudonym = stackalloc byte[64];
        int written;
        switch (type)
        {
            case "user":
                written = WriteUser(value, pseudonym);
                break;
            case "phone":
                Span<byte> e164 = stackalloc byte[64];
                written = WritePhone(e164[..PhoneNumbers.ToE164(value, e164)], pseudonym);
                break;
            case "iban":
                written = WriteIban(Encoding.ASCII.GetBytes(raw.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()), pseudonym);
                break;
            case "cid":
                written = WriteCustomerId(value, pseudonym);
                break;
            default:
                written = WriteHost(value, pseudonym);
                break;
        }

        return Encoding.ASCII.GetString(pseudonym[..written]);
    }

    public void Dispose()
    {
        _ipv4.Dispose();
        _ipv6Mac.Dispose();
        _emailMac.Dispose();
        _user.Dispose();
        _phone.Dispose();
        _iban.Dispose();
        _customer.Dispose();
        _host.Dispose();
    }

    /// <summary>A user name as written (Unix names are case-sensitive) → <c>user-</c> + 16 base32.</summary>
    internal int WriteUser(ReadOnlySpan<byte> name, Span<byte> destination) => _user.Write(name, destination);

    /// <summary>A phone number in E.164 digits (<c>+33612345678</c>) → <c>phone-</c> + 16 base32.</summary>
    internal int WritePhone(ReadOnlySpan<byte> e164, Span<byte> destination) => _phone.Write(e164, destination);

    /// <summary>An IBAN without spaces, upper case → <c>iban-</c> + 16 base32.</summary>
    internal int WriteIban(ReadOnlySpan<byte> compact, Span<byte> destination) => _iban.Write(compact, destination);

    /// <summary>A customer id as written → <c>cid-</c> + 16 base32.</summary>
    internal int WriteCustomerId(ReadOnlySpan<byte> id, Span<byte> destination) => _customer.Write(id, destination);

    /// <summary>A host name (the host field of a common log), case-insensitive → <c>host-</c> + 16 base32.</summary>
    internal int WriteHost(ReadOnlySpan<byte> name, Span<byte> destination)
    {
        Span<byte> lower = name.Length <= 256 ? stackalloc byte[name.Length] : new byte[name.Length];
        for (int i = 0; i < name.Length; i++)
        {
            byte b = name[i];
            lower[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }

        return _host.Write(lower, destination);
    }

    internal int WriteIpv4(uint address, Span<byte> destination)
    {
        if (!_ipv4Cache.TryGetValue(address, out var text))
        {
            Span<byte> pseudonym = stackalloc byte[16];
            Ipv4PseudonymPrefix.CopyTo(pseudonym);
            pseudonym[6..12].Clear();
            pseudonym[7] = _ipv4Scheme;
            BinaryPrimitives.WriteUInt32BigEndian(pseudonym[12..], _ipv4.Permute(address));
            text = FormatAddress(pseudonym);
            Remember(_ipv4Cache, address, text);
        }

        text.CopyTo(destination);
        return text.Length;
    }

    internal int WriteIpv6(ReadOnlySpan<byte> address, Span<byte> destination)
    {
        // ::ffff:a.b.c.d is the IPv4 client a.b.c.d seen by a dual-stack socket.
        if (address[..10].IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xFF && address[11] == 0xFF)
        {
            return WriteIpv4(BinaryPrimitives.ReadUInt32BigEndian(address[12..]), destination);
        }

        var key = BinaryPrimitives.ReadUInt128BigEndian(address);
        if (!_ipv6Cache.TryGetValue(key, out var text))
        {
            Span<byte> mac = stackalloc byte[SHA256.HashSizeInBytes];
            _ipv6Mac.AppendData(address[..16]);
            _ipv6Mac.GetHashAndReset(mac);
            Span<byte> pseudonym = stackalloc byte[16];
            Ipv6PseudonymPrefix.CopyTo(pseudonym);
            mac[..MacBytes].CopyTo(pseudonym[6..]);
            text = FormatAddress(pseudonym);
            Remember(_ipv6Cache, key, text);
        }

        text.CopyTo(destination);
        return text.Length;
    }

    /// <summary>
    /// The pseudonym of <c>local@domain</c>; the ASCII letters of the domain are compared case-insensitively, the local part
    /// as written once its escapes are decoded (<c>%2B</c> and JSON's <c>\u002B</c> are the '+' they encode), so that
    /// <c>bob%2Bx%40example.com</c> in a URL and <c>bob+x@example.com</c> in a mail log are one person.
    /// </summary>
    internal int WriteEmail(ReadOnlySpan<byte> local, ReadOnlySpan<byte> domain, Span<byte> destination)
    {
        int length = local.Length + 1 + domain.Length;
        byte[]? rented = null;
        Span<byte> normalized = length <= MaxCachedEmailChars ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        int localLength = local.ContainsAny((byte)'%', (byte)'\\') ? DecodeLocal(local, normalized) : CopyLocal(local, normalized);
        length = localLength + 1 + domain.Length;
        normalized = normalized[..length];
        normalized[localLength] = (byte)'@';
        for (int i = 0; i < domain.Length; i++)
        {
            byte b = domain[i];
            normalized[localLength + 1 + i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }

        byte[]? text;
        if (rented is null && Ascii.IsValid(normalized))
        {
            Span<char> chars = stackalloc char[length];
            Ascii.ToUtf16(normalized, chars, out _);
            if (!_emailLookup.TryGetValue(chars, out text))
            {
                text = NewEmailPseudonym(normalized);
                if (_emailCache.Count >= MaxCacheEntries)
                {
                    _emailCache.Clear();
                }

                _emailLookup[chars] = text;
            }
        }
        else
        {
            // Long or internationalised addresses are rare: no cache, and no key to decode.
            text = NewEmailPseudonym(normalized);
        }

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        text.CopyTo(destination);
        return text.Length;
    }

    private static int CopyLocal(ReadOnlySpan<byte> local, Span<byte> destination)
    {
        local.CopyTo(destination);
        return local.Length;
    }

    /// <summary>Writes <paramref name="local"/> with its <c>%XX</c> and ASCII <c>\u00XX</c> escapes decoded; returns the length.</summary>
    private static int DecodeLocal(ReadOnlySpan<byte> local, Span<byte> destination)
    {
        int written = 0;
        for (int i = 0; i < local.Length; i++)
        {
            byte b = local[i];
            if (b == '%' && i + 2 < local.Length && AsciiClass.IsHex(local[i + 1]) && AsciiClass.IsHex(local[i + 2]))
            {
                b = (byte)((AsciiClass.HexValue(local[i + 1]) << 4) | AsciiClass.HexValue(local[i + 2]));
                i += 2;
            }
            else if (b == '\\' && EmailDetector.IsJsonUnicodeEscape(local[(i + 1)..]) && local[i + 2] == '0' && local[i + 3] == '0' && local[i + 4] < '8')
            {
                b = (byte)((AsciiClass.HexValue(local[i + 4]) << 4) | AsciiClass.HexValue(local[i + 5]));
                i += 5;
            }

            destination[written++] = b;
        }

        return written;
    }

    private byte[] NewEmailPseudonym(ReadOnlySpan<byte> normalized)
    {
        Span<byte> mac = stackalloc byte[SHA256.HashSizeInBytes];
        _emailMac.AppendData(normalized);
        _emailMac.GetHashAndReset(mac);
        var text = new byte[MaxPseudonymBytes];
        "u-"u8.CopyTo(text);
        Base32.Encode(mac[..MacBytes], text.AsSpan(2, 16));
        "@pseudonym.invalid"u8.CopyTo(text.AsSpan(18));
        return text;
    }

    /// <summary>One pseudonym type: a prefix and 80 bits of HMAC-SHA256 under the type's own subkey, in base32, cached.</summary>
    private sealed class TypedToken : IDisposable
    {
        private readonly IncrementalHash _mac;
        private readonly byte[] _prefix;
        private readonly Dictionary<string, byte[]> _cache = new(StringComparer.Ordinal);
        private readonly Dictionary<string, byte[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public TypedToken(byte[] key, ReadOnlySpan<byte> prefix)
        {
            _mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            _prefix = prefix.ToArray();
            _lookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public int Write(ReadOnlySpan<byte> value, Span<byte> destination)
        {
            byte[]? text;
            if (value.Length <= MaxCachedEmailChars && Ascii.IsValid(value))
            {
                Span<char> chars = stackalloc char[value.Length];
                Ascii.ToUtf16(value, chars, out _);
                if (!_lookup.TryGetValue(chars, out text))
                {
                    text = Compute(value);
                    if (_cache.Count >= MaxCacheEntries)
                    {
                        _cache.Clear();
                    }

                    _lookup[chars] = text;
                }
            }
            else
            {
                text = Compute(value);
            }

            text.CopyTo(destination);
            return text.Length;
        }

        public void Dispose() => _mac.Dispose();

        private byte[] Compute(ReadOnlySpan<byte> value)
        {
            Span<byte> mac = stackalloc byte[SHA256.HashSizeInBytes];
            _mac.AppendData(value);
            _mac.GetHashAndReset(mac);
            var text = new byte[_prefix.Length + 16];
            _prefix.CopyTo(text, 0);
            Base32.Encode(mac[..MacBytes], text.AsSpan(_prefix.Length));
            return text;
        }
    }

    private static byte[] FormatAddress(ReadOnlySpan<byte> address)
    {
        Span<byte> text = stackalloc byte[Ipv6Text.MaxLength];
        return text[..Ipv6Text.Format(address, text)].ToArray();
    }

    private static void Remember<TKey>(Dictionary<TKey, byte[]> cache, TKey key, byte[] text)
        where TKey : notnull
    {
        if (cache.Count >= MaxCacheEntries)
        {
            cache.Clear();
        }

        cache[key] = text;
    }
}
