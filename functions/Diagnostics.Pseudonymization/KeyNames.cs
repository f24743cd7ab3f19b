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

    /// <summary>
    /// A user's name under a key that holds a number elsewhere: <c>uid=alice</c> in a directory's names and filters,
    /// <c>uid=1000</c> in PAM's and the audit system's lines. Only a value that starts with a letter (or UTF-8) is a name.
    /// </summary>
    UserUnlessNumber,
}

internal static class KeyNames
{
    private const int MaxKeyLength = 40;

    /// <summary>How far before a start tag's '&gt;' its '&lt;' is looked for, attributes included.</summary>
    private const int MaxTagBytes = 256;

    private static readonly System.Buffers.SearchValues<byte> HostNameBytes = System.Buffers.SearchValues.Create(
        [.. "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-"u8, .. Enumerable.Range(0x80, 0x80).Select(static b => (byte)b)]);

    /// <summary>What a name in brackets is written with: a name's letters, digits, '.', '_', '-', '@' and UTF-8.</summary>
    private static readonly System.Buffers.SearchValues<byte> BracketedNameBytes = System.Buffers.SearchValues.Create(
        [.. "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@"u8, .. Enumerable.Range(0x80, 0x80).Select(static b => (byte)b)]);

    private static readonly System.Buffers.SearchValues<byte> NameEnds = System.Buffers.SearchValues.Create(" \t\"'([;,\\<>)]}|&#"u8);

    private static readonly System.Buffers.SearchValues<byte> KeyBytes =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-."u8);

    /// <summary>Hadoop's <c>AuthenticationMethod</c> names.</summary>
    private static readonly WordSet HadoopAuthMethods = new(ignoreCase: false, "SIMPLE", "KERBEROS", "TOKEN", "CERTIFICATE", "KERBEROS_SSL", "PROXY");

    /// <summary>The members that name a JSON name/value pair (<see cref="PairName"/>).</summary>
    private static readonly byte[][] PairNameKeys = ["\"name\""u8.ToArray(), "\"key\""u8.ToArray(), "\"field\""u8.ToArray()];

    /// <summary>The JSON objects that describe a person, whose name and id identify one (<see cref="IsInUserObject"/>).</summary>
    private static readonly WordSet PersonObjects = new(ignoreCase: true, "user", "customer", "member", "contact", "person", "owner", "account");

    /// <summary>A user's attributes that name or identify the user (<see cref="ClassifyKeyIn"/>).</summary>
    private static readonly WordSet UserAttributes = new(ignoreCase: true, "name", "id", "full_name", "fullname");

    private static readonly System.Buffers.SearchValues<byte> HexDigitsAndColons = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF:"u8);

    private static readonly System.Buffers.SearchValues<byte> KeyBytesOrColon =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:"u8);

    /// <summary>
    /// The sensitive names, lower case, in the order they are tried: a name matches the whole key, or its end when
    /// <c>Suffix</c> (<c>db_password</c>, <c>x_api_key</c>).
    /// </summary>
    private static readonly (byte[] Name, bool Suffix, KeyKind Kind)[] Names =
    [
        .. Exact(KeyKind.User, "user"), .. Suffixes(KeyKind.User, "username", "user_name", "_user"),
        .. Exact(KeyKind.User, "userid", "user_id", "ruser", "logname", "login", "remote_user", "remoteuser", "ugi", "set_id", "acct", "uname"),
        .. Exact(KeyKind.UserUnlessNumber, "uid"),
        .. Exact(KeyKind.User, "first_name", "firstname", "last_name", "lastname", "surname", "full_name", "fullname", "given_name", "family_name"),
        .. Suffixes(KeyKind.Password, "password", "passwd", "_pass", "_pwd"), .. Exact(KeyKind.Password, "pwd", "pass", "passphrase"),
        .. Exact(KeyKind.Authorization, "authorization"),
        .. Exact(KeyKind.Cookie, "cookie"),
        .. Suffixes(KeyKind.Secret, "token", "secret", "apikey", "api_key", "access_key", "accesskey", "secret_key", "secretkey", "private_key", "privatekey"),
        .. Exact(KeyKind.Secret, "key", "session", "sessionid", "session_id", "sid", "auth", "phpsessid", "jsessionid", "signature", "sig",
            "credentials", "pin", "verification_code", "mfa_code", "ssn", "nir"),
        .. Suffixes(KeyKind.Secret, "otp"),
        .. Exact(KeyKind.Host, "rhost", "remote_host", "remotehost", "client_host", "workstationname", "workstation_name"),
        .. Exact(KeyKind.Phone, "phone", "mobile", "tel", "telephone", "phone_number", "phonenumber", "msisdn"),
    ];

    /// <summary>
    /// The names by their last letter ('a' + i), each list in the order of <see cref="Names"/>: a key, whole or by its end,
    /// can only be a name that ends with the key's last letter. Empty for most letters.
    /// </summary>
    private static readonly (byte[] Name, bool Suffix, KeyKind Kind)[][] NamesByLastLetter =
        [.. Enumerable.Range(0, 26).Select(static i => Names.Where(entry => entry.Name[^1] == 'a' + i).ToArray())];

    internal static KeyKind Classify(ReadOnlySpan<byte> key)
    {
        // Every sensitive name starts and ends with a letter: times, numbers and most words stop here. What comes before
        // its first letter is not part of it (_token, 8password), whatever was glued there, pseudonym or not.
        int first = 0;
        while (first < key.Length && !AsciiClass.IsLetter(key[first]))
        {
            first++;
        }

        key = key[first..];
        if (key.Length < 3 || key.Length > MaxKeyLength || !AsciiClass.IsLetter(key[0]) || !AsciiClass.IsLetter(key[^1]))
        {
            return KeyKind.None;
        }

        // A password's name may go on after it: password_confirmation (Laravel's, Rails'), passwordConfirm, passwd_old.
        if (key.Length > 8 && (ContainsIgnoreCase(key, "password"u8) || ContainsIgnoreCase(key, "passwd"u8)))
        {
            return KeyKind.Password;
        }

        // Most keys end with a letter no sensitive name ends with ("page", "id", a hex group before a colon).
        var candidates = NamesByLastLetter[(key[^1] | 0x20) - 'a'];
        if (candidates.Length == 0)
        {
            return KeyKind.None;
        }

        Span<byte> lower = stackalloc byte[key.Length];
        for (int i = 0; i < key.Length; i++)
        {
            byte b = key[i];
            lower[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }

        foreach (var (name, suffix, kind) in candidates)
        {
            if (suffix ? lower.EndsWith(name) : lower.SequenceEqual(name))
            {
                // .NET's assembly names: "Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089" name the
                // publisher's public key, no secret.
                return lower.SequenceEqual("publickeytoken"u8) ? KeyKind.None : kind;
            }
        }

        return KeyKind.None;
    }

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> key, ReadOnlySpan<byte> word)
    {
        for (int i = key.IndexOfAny((byte)'p', (byte)'P'); i >= 0 && i + word.Length <= key.Length;)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(key.Slice(i, word.Length), word))
            {
                return true;
            }

            int next = key[(i + 1)..].IndexOfAny((byte)'p', (byte)'P');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return false;
    }

    /// <summary>
    /// The part of a dotted or dashed key that names the value (<c>db.password</c>, <c>x-api-token</c>). It is also what
    /// keeps the scrubber and the gate in step when an address before the key becomes a pseudonym (<c>…:8-password</c>
    /// becomes <c>…:1ab0-password</c>).
    /// </summary>
    internal static ReadOnlySpan<byte> LastSegment(ReadOnlySpan<byte> key) => key[(key.LastIndexOfAny((byte)'.', (byte)'-') + 1)..];

    /// <summary>
    /// The key before the '=' or ':' at <paramref name="separator"/> and where its value starts, read alike by the
    /// scrubber and the gate: <c>key=</c>, <c>key = value</c>, <c>key: value</c> (the value after spaces or tabs;
    /// <c>key= next=…</c> has an empty one), JSON's <c>"key":</c>, JSON inside a JSON string (<c>{\"user\":\"alice\"}</c>),
    /// a form's nested key (<c>user[password]=</c>, judged by its last bracketed name; a list, <c>user[]=</c>, by its name) and Ruby's <c>"key"=&gt;value</c>.
    /// </summary>
    internal static bool TryKeyBefore(ReadOnlySpan<byte> line, int separator, bool colon, out NamedKey key)
    {
        key = default;
        int keyEnd = separator;
        while (keyEnd > 0 && line[keyEnd - 1] == ' ')
        {
            keyEnd--;
        }

        bool valueAfterSpaces = colon || keyEnd < separator;
        bool quoted = keyEnd > 0 && line[keyEnd - 1] == '"';
        if (quoted)
        {
            keyEnd--;
        }

        bool escaped = quoted && keyEnd > 0 && line[keyEnd - 1] == '\\';
        if (escaped)
        {
            keyEnd--;
        }

        bool bracketed = !colon && !quoted && keyEnd > 1 && line[keyEnd - 1] == ']';
        if (bracketed)
        {
            keyEnd--;
            if (line[keyEnd - 1] == '[')
            {
                // A form's list, user[]=alice: the name before the empty brackets.
                keyEnd--;
                bracketed = false;
            }
        }

        int keyStart = keyEnd;
        while (keyStart > 0 && IsKeyByte(line[keyStart - 1]))
        {
            keyStart--;
        }

        if (keyStart == keyEnd || (quoted && (keyStart == 0 || line[keyStart - 1] != '"')) || (escaped && (keyStart < 2 || line[keyStart - 2] != '\\'))
            || (bracketed && (keyStart == 0 || line[keyStart - 1] != '[')))
        {
            return false;
        }

        // A URL's user-info (https://user:pass@host) is the URL rule's, whatever the user is called.
        if (colon && keyStart >= 2 && line[keyStart - 1] == '/' && line[keyStart - 2] == '/' && separator + 1 < line.Length && line[separator + 1] is not ((byte)' ' or (byte)'\t'))
        {
            return false;
        }

        int valueStart = separator + 1;
        if (quoted && !colon && valueStart < line.Length && line[valueStart] == '>')
        {
            valueStart++;
            valueAfterSpaces = true;
        }

        while (valueAfterSpaces && valueStart < line.Length && line[valueStart] is (byte)' ' or (byte)'\t')
        {
            valueStart++;
        }

        key = new NamedKey(keyStart, keyEnd, quoted, escaped, valueStart);
        return true;
    }

    /// <summary>
    /// What the value of the key at <c>line[keyStart..keyEnd]</c> is: <see cref="ClassifyKey"/>, and a user's attribute
    /// (<c>name</c>, <c>id</c>, <c>full_name</c>, <c>fullname</c>) of a user, flattened (<c>user.name=alice</c>, Elastic's
    /// common schema) or nested in a JSON object (<c>"user":{"id":42,"name":"alice"}</c>), is a user too.
    /// </summary>
    internal static KeyKind ClassifyKeyIn(ReadOnlySpan<byte> line, int keyStart, int keyEnd)
    {
        var key = line[keyStart..keyEnd];
        var kind = ClassifyKey(key);
        if (kind != KeyKind.None)
        {
            return IsNotAValueKey(line, keyStart, keyEnd) ? KeyKind.None : kind;
        }

        // Windows' security events as text: "Account Name:  alice", "Workstation Name: LAPTOP-7".
        if (key.SequenceEqual("Name"u8))
        {
            var before = line[..keyStart];
            return before.EndsWith("Account "u8) ? KeyKind.User : before.EndsWith("Workstation "u8) ? KeyKind.Host : KeyKind.None;
        }

        // A JSON name/value pair, as HAR files and form loggers write one: {"name":"password","value":"…"}.
        if (keyStart > 0 && line[keyStart - 1] == '"' && System.Text.Ascii.EqualsIgnoreCase(key, "value"u8))
        {
            return PairName(line, keyStart - 1) is { Length: > 0 } name ? ClassifyKey(name) : KeyKind.None;
        }

        var last = LastSegment(key);
        if (!UserAttributes.Contains(last))
        {
            return KeyKind.None;
        }

        if (last.Length < key.Length)
        {
            var owner = key[..(key.Length - last.Length - 1)];
            return key[^(last.Length + 1)] == '.' && System.Text.Ascii.EqualsIgnoreCase(LastSegment(owner), "user"u8) ? KeyKind.User : KeyKind.None;
        }

        // Only a JSON member's key, in quotes, can be in an object.
        return keyStart > 0 && line[keyStart - 1] == '"' && IsInUserObject(line, keyStart) ? KeyKind.User : KeyKind.None;
    }

    /// <summary>
    /// A sensitive name that is something else where it stands: the shell's working directory in sudo's lines
    /// (<c>PWD=/home/alice</c>, <c>OLDPWD=/srv</c>, in capitals and holding a path, whose home directory is read as such)
    /// and vsftpd's outcome (<c>[alice] OK LOGIN: Client "203.0.113.5"</c>).
    /// </summary>
    private static bool IsNotAValueKey(ReadOnlySpan<byte> line, int keyStart, int keyEnd)
    {
        var key = line[keyStart..keyEnd];
        if (key.SequenceEqual("PWD"u8) || key.SequenceEqual("OLDPWD"u8))
        {
            return keyEnd + 1 < line.Length && line[keyEnd] == '=' && line[keyEnd + 1] == '/';
        }

        return key.SequenceEqual("LOGIN"u8) && (line[..keyStart].EndsWith("] OK "u8) || line[..keyStart].EndsWith("] FAIL "u8));
    }

    /// <summary>
    /// A field of Windows' event XML, named by an attribute and holding its value as text: <c>&lt;Data
    /// Name="TargetUserName"&gt;alice&lt;/Data&gt;</c>. The key <c>Name</c> ends at <paramref name="keyEnd"/>, before
    /// <c>="</c>; the field's kind is its name's (<see cref="ClassifyKey"/>), its text ends at the next '&lt;'.
    /// </summary>
    internal static bool TryXmlDataField(ReadOnlySpan<byte> line, int keyStart, int keyEnd, out KeyKind kind, out int textStart, out int textEnd)
    {
        kind = KeyKind.None;
        textStart = textEnd = 0;
        if (!System.Text.Ascii.EqualsIgnoreCase(line[keyStart..keyEnd], "name"u8) || !line[keyEnd..].StartsWith("=\""u8))
        {
            return false;
        }

        int close = line[(keyEnd + 2)..].IndexOf((byte)'"');
        if (close <= 0 || keyEnd + 3 + close >= line.Length || line[keyEnd + 3 + close] != '>')
        {
            return false;
        }

        kind = ClassifyKey(line.Slice(keyEnd + 2, close));
        textStart = keyEnd + 4 + close;
        int end = line[textStart..].IndexOf((byte)'<');
        textEnd = end < 0 ? line.Length : textStart + end;
        return kind != KeyKind.None;
    }

    /// <summary>
    /// An XML element's text under a sensitive name: <c>&lt;password&gt;hunter2&lt;/password&gt;</c>,
    /// <c>&lt;ns:UserName&gt;alice&lt;/ns:UserName&gt;</c>, with attributes (<c>&lt;password type="text"&gt;</c>) or in CDATA.
    /// <paramref name="close"/> is the '&gt;' that ends the start tag; the element's kind is its local name's
    /// (<see cref="ClassifyKey"/>), but for <c>key</c>, which names an S3 object (<c>&lt;Key&gt;</c>) or a property list's
    /// entry. The text is what comes before an end tag: an element that holds others, or whose text the line cuts, has none.
    /// </summary>
    internal static bool TryXmlElement(ReadOnlySpan<byte> line, int close, out KeyKind kind, out int textStart, out int textEnd)
    {
        kind = KeyKind.None;
        textStart = textEnd = 0;
        if (close < 2 || close + 1 >= line.Length)
        {
            return false;
        }

        int open;
        int nameEnd = close;
        if (line[close - 1] is (byte)'"' or (byte)'\'')
        {
            // Attributes: the tag opened at the last '<' before, its name up to the first space.
            int from = Math.Max(0, close - MaxTagBytes);
            int lt = line[from..close].LastIndexOfAny((byte)'<', (byte)'>');
            if (lt < 0 || line[from + lt] != '<')
            {
                return false;
            }

            open = from + lt;
            int space = line[(open + 1)..close].IndexOfAny((byte)' ', (byte)'\t');
            if (space <= 0)
            {
                return false;
            }

            nameEnd = open + 1 + space;
        }
        else
        {
            open = close - 1;
            while (open >= 0 && (IsKeyByte(line[open]) || line[open] == ':'))
            {
                open--;
            }

            if (open < 0 || line[open] != '<')
            {
                return false;
            }
        }

        // A closing tag, a declaration or a comment has no letter first.
        var name = line[(open + 1)..nameEnd];
        if (name.IsEmpty || !AsciiClass.IsLetter(name[0]))
        {
            return false;
        }

        var local = name[(name.LastIndexOf((byte)':') + 1)..];
        kind = System.Text.Ascii.EqualsIgnoreCase(local, "key"u8) ? KeyKind.None : ClassifyKey(local);
        if (kind == KeyKind.None)
        {
            return false;
        }

        textStart = close + 1;
        int end;
        if (line[textStart..].StartsWith("<![CDATA["u8))
        {
            textStart += 9;
            end = line[textStart..].IndexOf("]]>"u8);
        }
        else
        {
            // The text goes up to an end tag.
            end = line[textStart..].IndexOf((byte)'<');
            if (end > 0 && (textStart + end + 1 >= line.Length || line[textStart + end + 1] != '/'))
            {
                return false;
            }
        }

        textEnd = textStart + end;
        return end > 0;
    }

    /// <summary>
    /// The name of the pair whose <c>"value"</c> key's quote is at <paramref name="quote"/>: the string of a <c>"name"</c>,
    /// <c>"key"</c> or <c>"field"</c> member earlier in the same object; empty when there is none.
    /// </summary>
    private static ReadOnlySpan<byte> PairName(ReadOnlySpan<byte> line, int quote)
    {
        int open = line[..quote].LastIndexOfAny((byte)'{', (byte)'}');
        if (open < 0 || line[open] != '{')
        {
            return default;
        }

        var members = line[open..quote];
        foreach (var member in PairNameKeys)
        {
            int at = members.IndexOf(member);
            if (at < 0)
            {
                continue;
            }

            var rest = members[(at + member.Length)..].TrimStart((byte)' ');
            if (rest.IsEmpty || rest[0] != ':')
            {
                continue;
            }

            rest = rest[1..].TrimStart((byte)' ');
            int close = rest.Length > 1 && rest[0] == '"' ? rest[1..].IndexOf((byte)'"') : -1;
            if (close > 0)
            {
                return rest.Slice(1, close);
            }
        }

        return default;
    }

    /// <summary>
    /// Whether the JSON member whose key starts at <paramref name="keyStart"/> is in an object that is the value of a
    /// "user" key, or of another that describes a person ("customer", "member", "contact", "person", "owner", "account").
    /// </summary>
    private static bool IsInUserObject(ReadOnlySpan<byte> line, int keyStart)
    {
        int depth = 0;
        int i = keyStart;
        while (true)
        {
            i = line[..i].LastIndexOfAny((byte)'{', (byte)'}');
            if (i < 0)
            {
                return false;
            }

            if (line[i] == '}')
            {
                depth++;
            }
            else if (depth-- == 0)
            {
                break;
            }
        }

        // {, spaces, ':' or '=>', spaces, "user"
        int j = i - 1;
        while (j >= 0 && line[j] == ' ')
        {
            j--;
        }

        // "user":{ in JSON, "user"=>{ in a Ruby hash.
        if (j >= 1 && line[j] == '>' && line[j - 1] == '=')
        {
            j--;
        }
        else if (j < 0 || line[j] != ':')
        {
            return false;
        }

        j--;
        while (j >= 0 && line[j] == ' ')
        {
            j--;
        }

        if (j < 1 || line[j] != '"')
        {
            return false;
        }

        int ownerStart = line[..j].LastIndexOf((byte)'"') + 1;
        return ownerStart > 0 && PersonObjects.Contains(line[ownerStart..j]);
    }

    /// <summary>
    /// What the value of the key is, judged by its <see cref="LastSegment"/>. <c>login</c> after a dash names a process,
    /// not a value: Dovecot's <c>imap-login: Disconnected (auth failed…)</c>, <c>pop3-login:</c>.
    /// </summary>
    internal static KeyKind ClassifyKey(ReadOnlySpan<byte> key)
    {
        var last = LastSegment(key);
        return last.Length < key.Length && key[^(last.Length + 1)] == '-' && System.Text.Ascii.EqualsIgnoreCase(last, "login"u8)
            ? KeyKind.None
            : Classify(last);
    }

    /// <summary>
    /// A value after <c>key:</c> that is not one: a label (<c>Login:</c>), a Dovecot phrase (<c>auth: pam(alice,…)</c>),
    /// Hadoop's method of authentication (<c>(auth:SIMPLE)</c>), MySQL's <c>(using password: YES)</c>, FreeRADIUS' request number
    /// (<c>Auth: (7)</c>) or a named value of its own (<c>user=…</c>,
    /// also <c>user=</c> before a quoted or bracketed value, <paramref name="next"/> being the byte after it), judged
    /// at its own separator. Base64 padding (<c>dG9rZW4=</c> then a space) is neither.
    /// </summary>
    internal static bool IsLabelOrNamedValue(ReadOnlySpan<byte> value, byte next)
    {
        // FreeRADIUS' request number: "Auth: (7) Login OK: [alice]".
        if (next == ')' && value.Length >= 2 && value[0] == '(' && value[1..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
        {
            return true;
        }

        if (value.Length < 2 || !AsciiClass.IsLetter(value[0]))
        {
            return false;
        }

        // Dovecot's "auth: passwd-file(alice,203.0.113.9): unknown user": the process, then its own phrase.
        if (DovecotUser.IsServiceCall(value))
        {
            return true;
        }

        // Hadoop's "ugi=alice (auth:SIMPLE)": the method of authentication, not a credential; MySQL's "(using password: YES)".
        if (next == ')' && (HadoopAuthMethods.Contains(value) || value.SequenceEqual("YES"u8) || value.SequenceEqual("NO"u8)))
        {
            return true;
        }

        if (value[^1] == ':')
        {
            return IsLabel(value[..^1]);
        }

        // A key may hold an address (ip-10.0.0.1=) that is an IPv6 pseudonym on the gate's side: colons are allowed too.
        int eq = value.IndexOf((byte)'=');
        bool valueFollows = eq + 1 < value.Length ? value[eq + 1] != '=' : next is (byte)'"' or (byte)'\'' or (byte)'<';
        return eq > 0 && valueFollows && !value[..eq].ContainsAnyExcept(KeyBytesOrColon);
    }

    /// <summary>
    /// A label's text: key bytes only, as the scrubber sees it (<c>x-10.0.0.1</c>); or key bytes and then an address that
    /// reads as a pseudonym, hex digits and colons from <c>2001:db8:</c> on, as the gate sees the same label scrubbed
    /// (<c>x-2001:db8:4::a85:4ee7</c>).
    /// </summary>
    private static bool IsLabel(ReadOnlySpan<byte> text)
    {
        int colon = text.IndexOf((byte)':');
        if (colon < 0)
        {
            return !text.ContainsAnyExcept(KeyBytes);
        }

        int address = colon;
        while (address > 0 && AsciiClass.IsHex(text[address - 1]))
        {
            address--;
        }

        var tail = text[address..];
        // An address that ends with "::" would take the label's colon as its own once pseudonymized.
        return tail.StartsWith("2001:db8:"u8) && tail[^1] != ':' && !tail.ContainsAnyExcept(HexDigitsAndColons) && !text[..address].ContainsAnyExcept(KeyBytes);
    }

    /// <summary>
    /// A host name as the value of a host key (<c>rhost=</c>): letters, digits, dots, dashes (or UTF-8) only, with a
    /// letter in its last label. IP literals, e-mail addresses and anything holding other bytes are not, and stay
    /// not after pseudonymization, so the scrubber and the gate judge the same values.
    /// </summary>
    internal static bool IsHostNameValue(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.ContainsAnyExcept(HostNameBytes))
        {
            return false;
        }

        foreach (byte b in value[(value.LastIndexOf((byte)'.') + 1)..])
        {
            if (AsciiClass.IsLetter(b) || b >= 0x80)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a <see cref="KeyKind.UserUnlessNumber"/> key's value is a name: it starts with a letter or UTF-8.</summary>
    internal static bool StartsLikeAName(ReadOnlySpan<byte> value) => !value.IsEmpty && (AsciiClass.IsLetter(value[0]) || value[0] >= 0x80);

    /// <summary>Bytes of a host name: letters, digits, '.', '-', and UTF-8 (an internationalised name).</summary>
    internal static bool IsHostNameByte(byte b) => HostNameBytes.Contains(b);

    /// <summary>Bytes of a key name: letters, digits, '_', '-', '.'.</summary>
    internal static bool IsKeyByte(byte b) => KeyBytes.Contains(b);

    /// <summary>
    /// Where a user name that starts at <paramref name="start"/> ends: at a space, a quote, a bracket, a parenthesis or
    /// another value delimiter; a final dot ends the sentence (<c>New session 5 of user alice.</c>). The scrubber and
    /// the gate read names after a phrase the same way.
    /// </summary>
    internal static int NameEnd(ReadOnlySpan<byte> line, int start)
    {
        int stop = line[start..].IndexOfAny(NameEnds);
        int end = stop < 0 ? line.Length : start + stop;
        return end > start + 1 && line[end - 1] == '.' ? end - 1 : end;
    }

    /// <summary>Whether a name after a phrase is quoted at <paramref name="start"/>: MySQL's <c>user 'bob'@'host'</c>, pure-ftpd's <c>for user [carl]</c>.</summary>
    internal static bool IsQuotedName(ReadOnlySpan<byte> line, int start) => start < line.Length && line[start] is (byte)'\'' or (byte)'"' or (byte)'`' or (byte)'[';

    /// <summary>
    /// The length of the name quoted at <paramref name="start"/> (<see cref="IsQuotedName"/>); 0 when the quote is not
    /// closed, or when brackets hold anything but a name's letters, digits, '.', '_', '-', '@' and UTF-8: what else
    /// brackets hold (a removed secret's marker, a named value) is no name, before or after pseudonymization.
    /// </summary>
    internal static int QuotedNameLength(ReadOnlySpan<byte> line, int start)
    {
        bool bracket = line[start] == '[';
        var rest = line[(start + 1)..];
        int close = rest.IndexOf(bracket ? (byte)']' : line[start]);
        return close > 0 && !(bracket && rest[..close].ContainsAnyExcept(BracketedNameBytes)) ? close : 0;
    }

    private static IEnumerable<(byte[] Name, bool Suffix, KeyKind Kind)> Exact(KeyKind kind, params string[] names) =>
        names.Select(name => (System.Text.Encoding.ASCII.GetBytes(name), false, kind));

    private static IEnumerable<(byte[] Name, bool Suffix, KeyKind Kind)> Suffixes(KeyKind kind, params string[] names) =>
        names.Select(name => (System.Text.Encoding.ASCII.GetBytes(name), true, kind));
}

/// <summary>A key before a separator (<see cref="KeyNames.TryKeyBefore"/>): its bytes, its quoting, where its value starts.</summary>
internal readonly record struct NamedKey(int Start, int End, bool Quoted, bool Escaped, int ValueStart);
