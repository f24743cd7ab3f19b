using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Diagnostics.Core.Domain;

/// <summary>Validation of every id a caller hands us, before anything touches storage.</summary>
public static class Ids
{
    public const int MaxLength = 64;

    private static readonly SearchValues<char> IdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    public static bool IsValid([NotNullWhen(true)] string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && !id.AsSpan().ContainsAnyExcept(IdChars);

    /// <summary>Names of collectors and sites: ids that may also hold dots (host names).</summary>
    public static bool IsValidName([NotNullWhen(true)] string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 253 && name[0] != '.' &&
        !name.AsSpan().ContainsAnyExcept(NameChars);

    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.");
}
