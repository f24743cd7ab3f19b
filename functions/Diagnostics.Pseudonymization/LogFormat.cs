namespace Diagnostics.Pseudonymization;

public enum LogFormat
{
    /// <summary>Decided per line: a JSON object is <see cref="JsonLines"/>, a common/combined log line <see cref="Clf"/>, anything else <see cref="Text"/>.</summary>
    Auto,

    /// <summary>Apache/nginx common or combined log format.</summary>
    Clf,

    /// <summary>One JSON object per line.</summary>
    JsonLines,

    Text,
}
