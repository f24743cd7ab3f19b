namespace Diagnostics.Core.Domain;

/// <summary>What a snapshot holds; the customer consents per category.</summary>
public static class Category
{
    public const string Access = "access";
    public const string Error = "error";
    public const string Metrics = "metrics";

    public static IReadOnlyList<string> All { get; } = [Access, Error, Metrics];

    public static bool IsKnown(string? value) => value is Access or Error or Metrics;
}
