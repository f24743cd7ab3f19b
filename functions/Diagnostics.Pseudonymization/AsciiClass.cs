using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Diagnostics.Pseudonymization;

/// <summary>Byte classes used by the detectors. Bytes of multi-byte UTF-8 characters only count in e-mail addresses.</summary>
internal static class AsciiClass
{
    private const byte Digit = 1;
    private const byte HexLetter = 2;
    private const byte OtherLetter = 4;
    private const byte Underscore = 8;
    private const byte EmailLocal = 16;
    private const byte DomainLabel = 32;
    private const byte ZoneId = 64;

    private static readonly byte[] Classes = BuildClasses();

    /// <summary>Bytes where an IP literal can be recognised: digits and ':'.</summary>
    internal static readonly SearchValues<byte> AddressTriggers = SearchValues.Create("0123456789:"u8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>The value of a hex digit (<see cref="IsHex"/> said it is one).</summary>
    internal static int HexValue(byte digit) => digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10;

    /// <summary>
    /// How far the next space is from <paramref name="from"/>; -1 when there is none. For the short fields at the start
    /// of a line: one comparison of the next 16 bytes finds most, without a search's set-up or a loop's branch per byte.
    /// </summary>
    internal static int FieldLength(ReadOnlySpan<byte> line, int from)
    {
        if (line.Length - from >= Vector128<byte>.Count)
        {
            uint spaces = Vector128.Equals(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(line), (nuint)from), Vector128.Create((byte)' ')).ExtractMostSignificantBits();
            if (spaces != 0)
            {
                return BitOperations.TrailingZeroCount(spaces);
            }

            int after = line[(from + Vector128<byte>.Count)..].IndexOf((byte)' ');
            return after < 0 ? -1 : Vector128<byte>.Count + after;
        }

        for (int i = from; i < line.Length; i++)
        {
            if (line[i] == ' ')
            {
                return i - from;
            }
        }

        return -1;
    }

    /// <summary>
    /// Whether a host field names a host: a letter (or a byte of a non-ASCII character) in its last label, and no colon
    /// (an IPv6 literal's). An IP literal, which the address pass and checks judge, has neither.
    /// </summary>
    internal static bool HasLetterInLastLabel(ReadOnlySpan<byte> value)
    {
        if (value.Contains((byte)':'))
        {
            return false;
        }

        int dot = value.LastIndexOf((byte)'.');
        foreach (byte b in dot < 0 ? value : value[(dot + 1)..])
        {
            if (b >= 0x80 || IsLetter(b))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsHex(byte b) => (Classes[b] & (Digit | HexLetter)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsHexLetter(byte b) => (Classes[b] & HexLetter) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsLetter(byte b) => (Classes[b] & (HexLetter | OtherLetter)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsLetterOrDigit(byte b) => (Classes[b] & (Digit | HexLetter | OtherLetter)) != 0;

    /// <summary>Letters, digits and '_': a literal glued to one of these is part of a larger word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsWord(byte b) => (Classes[b] & (Digit | HexLetter | OtherLetter | Underscore)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsEmailLocal(byte b) => (Classes[b] & EmailLocal) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsDomainLabel(byte b) => (Classes[b] & DomainLabel) != 0;

    /// <summary>A top-level domain is letters, or an internationalised name.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsTopLevelDomain(byte b) => b >= 0x80 || IsLetter(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsZoneId(byte b) => (Classes[b] & ZoneId) != 0;

    /// <summary>
    /// A letter that is really the second byte of a backslash escape such as <c>\n</c> in JSON or in a
    /// quoted log message, so that it does not glue the following literal to a word.
    /// </summary>
    internal static bool IsEscapeLetter(ReadOnlySpan<byte> line, int index) =>
        index >= 1 && line[index - 1] == '\\' && line[index] is (byte)'n' or (byte)'r' or (byte)'t' or (byte)'b' or (byte)'f';

    private static byte[] BuildClasses()
    {
        var classes = new byte[256];
        for (int b = '0'; b <= '9'; b++)
        {
            classes[b] = Digit | EmailLocal | DomainLabel | ZoneId;
        }

        for (int b = 'a'; b <= 'z'; b++)
        {
            byte letter = b <= 'f' ? HexLetter : OtherLetter;
            classes[b] = (byte)(letter | EmailLocal | DomainLabel | ZoneId);
            classes[b - 32] = classes[b];
        }

        // Internationalised addresses (RFC 6531) carry UTF-8 in the local part and the domain.
        for (int b = 0x80; b <= 0xFF; b++)
        {
            classes[b] = EmailLocal | DomainLabel;
        }

        classes['_'] = Underscore | EmailLocal | ZoneId;
        classes['-'] = EmailLocal | DomainLabel | ZoneId;
        classes['.'] = EmailLocal | ZoneId;
        classes['%'] = EmailLocal;
        classes['+'] = EmailLocal;
        return classes;
    }
}
