namespace Diagnostics.Pseudonymization;

/// <summary>What the value of a named field or parameter is, by its name (case-insensitive).</summary>
internal enum KeyKind : byte
{
    None,
    User,
    Password,
    Secret,
    Authorization,
    Cookie,
    Phone,
    Host,
}

internal static class KeyNames
{
    private const int MaxKeyLength = 40;

    internal static KeyKind Classify(ReadOnlySpan<byte> key)
    {
        // Every sensitive name starts and ends with a letter: times, numbers and most words stop here.
        if (key.Length < 3 || key.Length > MaxKeyLength || !AsciiClass.IsLetter(key[0]) || !AsciiClass.IsLetter(key[^1]))
        {
            return KeyKind.None;
        }

        Span<byte> lower = stackalloc byte[key.Length];
        for (int i = 0; i < key.Length; i++)
        {
            byte b = key[i];
            lower[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }

        ReadOnlySpan<byte> k = lower;
        if (k.SequenceEqual("user"u8) || k.SequenceEqual("username"u8) || k.SequenceEqual("user_name"u8)
            || k.SequenceEqual("userid"u8) || k.SequenceEqual("user_id"u8) || k.SequenceEqual("ruser"u8) || k.SequenceEqual("logname"u8)
            || k.SequenceEqual("login"u8) || k.SequenceEqual("remote_user"u8) || k.SequenceEqual("remoteuser"u8))
        {
            return KeyKind.User;
        }

        if (k.EndsWith("password"u8) || k.EndsWith("passwd"u8) || k.SequenceEqual("pwd"u8) || k.SequenceEqual("pass"u8) || k.SequenceEqual("passphrase"u8))
        {
            return KeyKind.Password;
        }

        if (k.SequenceEqual("authorization"u8))
        {
            return KeyKind.Authorization;
        }

        if (k.SequenceEqual("cookie"u8))
        {
            return KeyKind.Cookie;
        }

        if (k.EndsWith("token"u8) || k.EndsWith("secret"u8) || k.EndsWith("apikey"u8) || k.EndsWith("api_key"u8)
            || k.SequenceEqual("key"u8) || k.SequenceEqual("session"u8) || k.SequenceEqual("sessionid"u8) || k.SequenceEqual("session_id"u8)
            || k.SequenceEqual("sid"u8) || k.SequenceEqual("auth"u8) || k.SequenceEqual("phpsessid"u8) || k.SequenceEqual("jsessionid"u8)
            || k.SequenceEqual("signature"u8) || k.SequenceEqual("sig"u8) || k.SequenceEqual("private_key"u8) || k.SequenceEqual("access_key"u8)
            || k.SequenceEqual("secret_key"u8) || k.SequenceEqual("credentials"u8))
        {
            return KeyKind.Secret;
        }

        if (k.SequenceEqual("rhost"u8) || k.SequenceEqual("remote_host"u8) || k.SequenceEqual("remotehost"u8) || k.SequenceEqual("client_host"u8))
        {
            return KeyKind.Host;
        }

        if (k.SequenceEqual("phone"u8) || k.SequenceEqual("mobile"u8) || k.SequenceEqual("tel"u8) || k.SequenceEqual("telephone"u8)
            || k.SequenceEqual("phone_number"u8) || k.SequenceEqual("phonenumber"u8) || k.SequenceEqual("msisdn"u8))
        {
            return KeyKind.Phone;
        }

        return KeyKind.None;
    }

    /// <summary>
    /// The part of a dotted or dashed key that names the value (<c>db.password</c>, <c>x-api-token</c>). It is also what
    /// keeps the scrubber and the gate in step when an address before the key becomes a pseudonym (<c>…:8-password</c>
    /// becomes <c>…:1ab0-password</c>).
    /// </summary>
    internal static ReadOnlySpan<byte> LastSegment(ReadOnlySpan<byte> key) => key[(key.LastIndexOfAny((byte)'.', (byte)'-') + 1)..];

    /// <summary>Bytes of a key name: letters, digits, '_', '-', '.'.</summary>
    internal static bool IsKeyByte(byte b) => AsciiClass.IsWord(b) || b is (byte)'-' or (byte)'.';
}
