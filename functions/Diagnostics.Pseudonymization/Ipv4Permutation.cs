using System.Security.Cryptography;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// A keyed permutation of the 32-bit IPv4 space: a balanced Feistel network over two 16-bit halves whose
/// round function is AES-128 of the round number and the right half. Every Feistel network is a
/// bijection whatever its round function, so two addresses never share a pseudonym.
/// </summary>
internal sealed class Ipv4Permutation : IDisposable
{
    /// <summary>As many rounds as FF1 uses for balanced halves; more than enough for 16-bit halves.</summary>
    internal const int Rounds = 10;

    private readonly Aes _aes;
    private readonly byte[] _block = new byte[16];
    private readonly byte[] _cipher = new byte[16];

    internal Ipv4Permutation(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
    }

    internal uint Permute(uint value)
    {
        uint left = value >> 16;
        uint right = value & 0xFFFF;
        for (int round = 0; round < Rounds; round++)
        {
            (left, right) = (right, left ^ Round(round, right));
        }

        return (left << 16) | right;
    }

    /// <summary>The inverse permutation: not needed to pseudonymize, it is the proof that nothing collides.</summary>
    internal uint Invert(uint value)
    {
        uint left = value >> 16;
        uint right = value & 0xFFFF;
        for (int round = Rounds - 1; round >= 0; round--)
        {
            (left, right) = (right ^ Round(round, left), left);
        }

        return (left << 16) | right;
    }

    public void Dispose() => _aes.Dispose();

    private uint Round(int round, uint half)
    {
        _block[0] = (byte)'4';
        _block[1] = (byte)round;
        _block[2] = (byte)(half >> 8);
        _block[3] = (byte)half;
        _aes.EncryptEcb(_block, _cipher, PaddingMode.None);
        return (uint)((_cipher[0] << 8) | _cipher[1]);
    }
}
