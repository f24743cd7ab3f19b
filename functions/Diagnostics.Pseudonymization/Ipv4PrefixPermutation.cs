using System.Security.Cryptography;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// A keyed prefix-preserving permutation of the 32-bit IPv4 space, in the manner of Crypto-PAn: output bit i
/// is input bit i XOR f(the first i input bits), f a keyed pseudorandom function of the prefix. Two addresses
/// that share their first k bits share the first k bits of their images, and differ in bit k+1 when they do.
/// Each bit can be peeled off from the top, so the map is a bijection whatever f is.
/// </summary>
/// <remarks>
/// f comes from AES-128 in batches: one node per whole-byte prefix (0, 8, 16 or 24 bits) is 256 bits of
/// AES output (two blocks), holding f for the 255 prefixes that extend the node by 0 to 7 bits, in heap
/// order (extension of j bits with value v at bit 2^j - 1 + v). Distinct prefixes read distinct bits of
/// distinct blocks, which is what makes f a PRF of the prefix. The 257 nodes of the first two bytes are
/// computed when the permutation is built (514 blocks); an address then costs its /16 and /24 nodes,
/// four blocks in one call.
/// </remarks>
internal sealed class Ipv4PrefixPermutation : IIpv4Permutation
{
    private const int NodeBytes = 32;
    private const byte Domain = (byte)'P';

    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;

    /// <summary>The root node, then the 256 nodes of one-byte prefixes.</summary>
    private readonly byte[] _top = new byte[257 * NodeBytes];
    private readonly byte[] _blocks = new byte[2 * NodeBytes];
    private readonly byte[] _low = new byte[2 * NodeBytes];

    internal Ipv4PrefixPermutation(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();

        var blocks = new byte[_top.Length];
        WriteNode(blocks, 0, 0);
        for (uint first = 0; first < 256; first++)
        {
            WriteNode(blocks.AsSpan((1 + (int)first) * NodeBytes), 8, first);
        }

        _encryptor.TransformBlock(blocks, 0, blocks.Length, _top, 0);
    }

    public uint Permute(uint value)
    {
        WriteNode(_blocks, 16, value >> 16);
        WriteNode(_blocks.AsSpan(NodeBytes), 24, value >> 8);
        _encryptor.TransformBlock(_blocks, 0, _blocks.Length, _low, 0);

        uint result = 0;
        for (int i = 0; i < 32; i++)
        {
            ReadOnlySpan<byte> node = (i >> 3) switch
            {
                0 => _top.AsSpan(0, NodeBytes),
                1 => _top.AsSpan((1 + (int)(value >> 24)) * NodeBytes, NodeBytes),
                2 => _low.AsSpan(0, NodeBytes),
                _ => _low.AsSpan(NodeBytes, NodeBytes),
            };
            result |= (((value >> (31 - i)) & 1) ^ Bit(node, value, i)) << (31 - i);
        }

        return result;
    }

    /// <summary>The inverse: not needed to pseudonymize, it is the proof that nothing collides.</summary>
    public uint Invert(uint value)
    {
        uint original = 0;
        Span<byte> node = stackalloc byte[NodeBytes];
        for (int i = 0; i < 32; i++)
        {
            if ((i & 7) == 0)
            {
                // The node of the prefix recovered so far.
                NodeOf(i, i == 0 ? 0 : original >> (32 - i), node);
            }

            original |= (((value >> (31 - i)) & 1) ^ Bit(node, original, i)) << (31 - i);
        }

        return original;
    }

    public void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
    }

    /// <summary>f(first <paramref name="i"/> bits of <paramref name="address"/>), read from the node of its whole bytes.</summary>
    private static uint Bit(ReadOnlySpan<byte> node, uint address, int i)
    {
        int extra = i & 7;
        int position = (1 << extra) - 1 + (extra == 0 ? 0 : (int)((address >> (32 - i)) & ((1u << extra) - 1)));
        return (uint)(node[position >> 3] >> (position & 7)) & 1;
    }

    /// <summary>The node of a prefix of <paramref name="bits"/> bits (0, 8, 16 or 24), computed on its own.</summary>
    private void NodeOf(int bits, uint prefix, Span<byte> node)
    {
        var block = new byte[NodeBytes];
        WriteNode(block, bits, prefix);
        var cipher = new byte[NodeBytes];
        _encryptor.TransformBlock(block, 0, NodeBytes, cipher, 0);
        cipher.CopyTo(node);
    }

    /// <summary>Two AES input blocks for a node: domain, prefix length, block number, the prefix's bytes.</summary>
    private static void WriteNode(Span<byte> destination, int bits, uint prefix)
    {
        for (int half = 0; half < 2; half++)
        {
            var block = destination.Slice(half * 16, 16);
            block.Clear();
            block[0] = Domain;
            block[1] = (byte)bits;
            block[2] = (byte)half;
            for (int b = 0; b < bits / 8; b++)
            {
                block[3 + b] = (byte)(prefix >> (8 * ((bits / 8) - 1 - b)));
            }
        }
    }
}

/// <summary>A keyed permutation of the IPv4 space; which one a ticket uses is its choice (<see cref="TicketKey.PrefixPreservingIps"/>).</summary>
internal interface IIpv4Permutation : IDisposable
{
    uint Permute(uint value);

    uint Invert(uint value);
}
