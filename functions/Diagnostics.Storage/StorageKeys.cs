using System.Globalization;
using System.Security.Cryptography;
using Diagnostics.Core.Domain;

namespace Diagnostics.Storage;

/// <summary>Table keys and blob names, built from validated ids only.</summary>
internal static class StorageKeys
{
    /// <summary>Partition of entries that belong to no ticket ('~' cannot be in an id).</summary>
    public const string SystemPartition = "~system";

    public static string RequireId(string? id, string paramName) =>
        Ids.IsValid(id) ? id : throw new ArgumentException($"'{paramName}' is not a valid id.", paramName);

    /// <summary>An id, or a reserved partition such as <see cref="SystemPartition"/>.</summary>
    public static string RequirePartition(string? id, string paramName) =>
        id is not null && (Ids.IsValid(id) || (id.Length > 1 && id[0] == '~' && Ids.IsValid(id[1..])))
            ? id
            : throw new ArgumentException($"'{paramName}' is not a valid id.", paramName);

    /// <summary>Sorts newest first: table rows are returned in ascending key order.</summary>
    public static string InvertedTicks(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
