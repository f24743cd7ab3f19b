using System.Buffers;
using System.Security.Cryptography;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// A keyed permutation of the 32-bit IPv4 space: a balanced Feistel network over two 16-bit halves whose
/// round function is AES-128 of the round number and the right half. Every Feistel network is a
/// bijection whatever its round function, so two addresses never share a pseudonym.
/// </summary>
/// <remarks>
/// A round function has only 2^16 inputs. Once a log has shown enough distinct addresses, each round is
/// tabulated (2^16 AES blocks at once, about a millisecond; 128 KiB) and a new address costs table
/// lookups instead of ten cipher calls. Both ways compute the same function.
/// </remarks>
internal sealed class Ipv4Permutation : IIpv4Permutation
{
    /// <summary>As many rounds as FF1 uses; more than enough for 16-bit halves.</summary>
    internal const int Rounds = 10;

    internal const int DefaultTableThreshold = 2048;

    private const int HalfValues = 1 << 16;
    private const byte Domain = (byte)'4';

    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _block = new byte[16];
    private readonly byte[] _cipher = new byte[16];
    private readonly int _tableThreshold;
    private int _permutations;
    private ushort[][]? _tables;

    internal Ipv4Permutation(ReadOnlySpan<byte> key, int tableThreshold = DefaultTableThreshold)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();
        _tableThreshold = tableThreshold;
    }

    public uint Permute(uint value)
    {
        if (_tables is null && ++_permutations > _tableThreshold)
        {
            _tables = BuildTables();
        }

        uint left = value >> 16;
        uint right = value & 0xFFFF;
        for (int round = 0; round < Rounds; round++)
        {
            (left, right) = (right, left ^ Round(round, right));
        }

        return (left << 16) | right;
    }

    /// <summary>The inverse permutation: not needed to pseudonymize, it is the proof that nothing collides.</summary>
    public uint Invert(uint value)
    {
        uint left = value >> 16;
        uint right = value & 0xFFFF;
        for (int round = Rounds - 1; round >= 0; round--)
        {
            (left, right) = (right ^ Round(round, left), left);
        }

        return (left << 16) | right;
    }

    public void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
    }

    private uint Round(int round, uint half)
    {
        if (_tables is not null)
        {
            return _tables[round][half];
        }

        _block[0] = Domain;
        _block[1] = (byte)round;
        _block[2] = (byte)(half >> 8);
        _block[3] = (byte)half;
        _encryptor.TransformBlock(_block, 0, 16, _cipher, 0);
        return (uint)((_cipher[0] << 8) | _cipher[1]);
    }

    private ushort[][] BuildTables()
    {
        var tables = new ushort[Rounds][];
        byte[] blocks = ArrayPool<byte>.Shared.Rent(16 * HalfValues);
        byte[] ciphers = ArrayPool<byte>.Shared.Rent(16 * HalfValues);
        try
        {
            Array.Clear(blocks, 0, 16 * HalfValues);
            for (int round = 0; round < Rounds; round++)
            {
                for (int half = 0; half < HalfValues; half++)
                {
                    int at = 16 * half;
                    blocks[at] = Domain;
                    blocks[at + 1] = (byte)round;
                    blocks[at + 2] = (byte)(half >> 8);
                    blocks[at + 3] = (byte)half;
                }

                _aes.EncryptEcb(blocks.AsSpan(0, 16 * HalfValues), ciphers.AsSpan(0, 16 * HalfValues), PaddingMode.None);
                var table = new ushort[HalfValues];
                for (int half = 0; half < HalfValues; half++)
                {
                    table[half] = (ushort)((ciphers[16 * half] << 8) | ciphers[(16 * half) + 1]);
                }

                tables[round] = table;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(blocks);
            ArrayPool<byte>.Shared.Return(ciphers);
        }

        return tables;
    }
}
