using System.ComponentModel.DataAnnotations;

namespace Diagnostics.LocalHost;

/// <summary>Settings only the local host has. Section <c>Diagnostics:LocalHost</c>.</summary>
public sealed class LocalHostOptions
{
    public const string Section = "Diagnostics:LocalHost";

    /// <summary>The key that routes of function authorization level need, as on Azure (x-functions-key or ?code=).</summary>
    [Required]
    [MinLength(16)]
    public string FunctionKey { get; set; } = "";
}
