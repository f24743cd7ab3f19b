namespace Diagnostics.Pseudonymization;

/// <summary>
/// A few ASCII words to tell a token by (a program's service names, a key's names): compared as written, or ignoring
/// ASCII case. Words of a length none of them has are turned away before any comparison.
/// </summary>
internal sealed class WordSet
{
    private readonly byte[][] _words;
    private readonly bool _ignoreCase;
    private readonly ulong _lengths;

    internal WordSet(bool ignoreCase, params string[] words)
    {
        _ignoreCase = ignoreCase;
        _words = [.. words.Select(static word => System.Text.Encoding.ASCII.GetBytes(word))];
        foreach (var word in _words)
        {
            _lengths |= 1UL << Math.Min(word.Length, 63);
        }
    }

    internal bool Contains(ReadOnlySpan<byte> token)
    {
        if ((_lengths & (1UL << Math.Min(token.Length, 63))) == 0)
        {
            return false;
        }

        foreach (var word in _words)
        {
            if (_ignoreCase ? System.Text.Ascii.EqualsIgnoreCase(token, word) : token.SequenceEqual(word))
            {
                return true;
            }
        }

        return false;
    }
}
