using System.Text.Json;
using System.Text.Json.Serialization;

namespace Diagnostics.Storage;

/// <summary>Lists and dictionaries kept as JSON string columns.</summary>
internal static class StorageJson
{
    public static string Serialize(IReadOnlyList<string> values) =>
        JsonSerializer.Serialize(values, StorageJsonContext.Default.IReadOnlyListString);

    public static string Serialize(IReadOnlyDictionary<string, long> values) =>
        JsonSerializer.Serialize(values, StorageJsonContext.Default.IReadOnlyDictionaryStringInt64);

    public static IReadOnlyList<string> ReadList(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListString) ?? [];

    public static IReadOnlyDictionary<string, long> ReadCounts(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Dictionary<string, long>()
            : JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringInt64) ?? [];
}

[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, long>))]
[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
