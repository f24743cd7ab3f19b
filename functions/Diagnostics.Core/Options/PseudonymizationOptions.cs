using System.ComponentModel.DataAnnotations;
using Diagnostics.Core.Domain;
using Diagnostics.Pseudonymization;

namespace Diagnostics.Core.Options;

/// <summary>
/// Master keys. Section <c>Diagnostics:Pseudonymization</c>. New tickets use <see cref="KeyId"/>;
/// tickets opened under an older key keep it while it is listed in <see cref="PreviousKeys"/>.
/// </summary>
public sealed class PseudonymizationOptions : IValidatableObject
{
    public const string Section = "Diagnostics:Pseudonymization";

    [Required]
    public string KeyId { get; set; } = "";

    /// <summary>Base64 of at least 32 random bytes (a Key Vault reference in Azure).</summary>
    [Required]
    public string MasterKey { get; set; } = "";

    /// <summary>Older master keys by key id, base64.</summary>
    public Dictionary<string, string> PreviousKeys { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Ids.IsValid(KeyId))
        {
            yield return new ValidationResult("Diagnostics:Pseudonymization:KeyId must match [A-Za-z0-9_-]{1,64}.", [nameof(KeyId)]);
        }

        if (!IsKey(MasterKey))
        {
            yield return new ValidationResult($"Diagnostics:Pseudonymization:MasterKey must be base64 of at least {TicketKey.MinMasterKeyBytes} random bytes.", [nameof(MasterKey)]);
        }

        foreach (var (id, key) in PreviousKeys)
        {
            if (!Ids.IsValid(id) || !IsKey(key))
            {
                yield return new ValidationResult($"Diagnostics:Pseudonymization:PreviousKeys entry '{(Ids.IsValid(id) ? id : "?")}' is not a valid key.", [nameof(PreviousKeys)]);
            }
        }
    }

    internal static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) ? buffer[..written] : null;
    }

    private static bool IsKey(string? base64) => Decode(base64) is { Length: >= TicketKey.MinMasterKeyBytes };
}
