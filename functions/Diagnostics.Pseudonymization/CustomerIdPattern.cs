using System.Text;

namespace Diagnostics.Pseudonymization;

/// <summary>
/// A customer id shape: a literal prefix and a body of digits (<c>cust-\d+</c>) or of letters and digits
/// (<c>ACME-\w+</c>). Only these two forms are accepted: the scrubber uses no regular expressions.
/// </summary>
public sealed class CustomerIdPattern
{
    private CustomerIdPattern(string prefix, bool digitsOnly)
    {
        Prefix = prefix;
        DigitsOnly = digitsOnly;
        PrefixBytes = Encoding.UTF8.GetBytes(prefix);
    }

    public string Prefix { get; }

    /// <summary>True for <c>\d+</c>, false for <c>\w+</c> (ASCII letters, digits, '_').</summary>
    public bool DigitsOnly { get; }

    internal byte[] PrefixBytes { get; }

    /// <summary>Reads <c>PREFIX\d+</c> or <c>PREFIX\w+</c>; the prefix is ASCII without spaces or regex syntax.</summary>
    /// <exception cref="FormatException">Any other form, or a prefix that a customer-id pseudonym (<c>cid-…</c>) could match.</exception>
    public static CustomerIdPattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        bool digits = pattern.EndsWith(@"\d+", StringComparison.Ordinal);
        if (!digits && !pattern.EndsWith(@"\w+", StringComparison.Ordinal))
        {
            throw new FormatException(@"A customer id pattern is PREFIX\d+ or PREFIX\w+.");
        }

        string prefix = pattern[..^3];
        if (prefix.Length == 0 || prefix.Any(c => c > 0x7E || c <= ' ' || @"\^$.|?*+()[]{}".Contains(c, StringComparison.Ordinal)))
        {
            throw new FormatException("A customer id prefix is printable ASCII without spaces or regular expression syntax.");
        }

        if ("cid-".StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith("cid-", StringComparison.Ordinal))
        {
            throw new FormatException("A customer id prefix must not match the customer id pseudonyms (cid-…).");
        }

        return new CustomerIdPattern(prefix, digits);
    }

    public override string ToString() => Prefix + (DigitsOnly ? @"\d+" : @"\w+");

    internal bool IsBodyByte(byte b) => DigitsOnly ? AsciiClass.IsDigit(b) : AsciiClass.IsWord(b);
}
