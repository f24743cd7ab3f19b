namespace Diagnostics.Pseudonymization;

/// <summary>RFC 4648 base32 in lowercase, without padding: letters and 2–7, valid in any e-mail local part.</summary>
internal static class Base32
{
    private static ReadOnlySpan<byte> Alphabet => "abcdefghijklmnopqrstuvwxyz234567"u8;

    /// <summary>Encodes whole 5-byte blocks; <paramref name="destination"/> receives 8 characters per block.</summary>
    internal static void Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int w = 0;
        for (int i = 0; i + 5 <= source.Length; i += 5)
        {
            ulong block = ((ulong)source[i] << 32) | ((ulong)source[i + 1] << 24) | ((ulong)source[i + 2] << 16) | ((ulong)source[i + 3] << 8) | source[i + 4];
            for (int shift = 35; shift >= 0; shift -= 5)
            {
                destination[w++] = Alphabet[(int)((block >> shift) & 31)];
            }
        }
    }
}
