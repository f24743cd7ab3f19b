using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Diagnostics.Api.Endpoints;

/// <summary>Reading query parameters strictly: each at most once, times in ISO 8601.</summary>
internal static class QueryValues
{
    /// <summary>The first of <paramref name="names"/> given more than once, if any.</summary>
    public static string? Repeated(IQueryCollection query, ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (query[name].Count > 1)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The value, or null when absent or empty.</summary>
    public static string? Given(StringValues values) => values.ToString() is { Length: > 0 } value ? value : null;

    /// <summary>False only for a value that is given but is no date and time; an absent value gives null.</summary>
    public static bool TryTime(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (value is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        time = parsed;
        return true;
    }
}
