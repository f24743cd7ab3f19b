using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Diagnostics.Api.Security;

/// <summary>
/// The identity App Service Authentication hands the app in <c>X-MS-CLIENT-PRINCIPAL</c>: base64 JSON
/// with <c>auth_typ</c>, <c>name_typ</c>, <c>role_typ</c> and <c>claims</c> of <c>typ</c>/<c>val</c>.
/// </summary>
public sealed class ClientPrincipal
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";
    private const int MaxHeaderLength = 16 * 1024;

    [JsonPropertyName("auth_typ")]
    public string? AuthenticationType { get; set; }

    [JsonPropertyName("name_typ")]
    public string? NameClaimType { get; set; }

    [JsonPropertyName("role_typ")]
    public string? RoleClaimType { get; set; }

    [JsonPropertyName("claims")]
    public List<PrincipalClaim>? Claims { get; set; }

    public string? Name => Claim(NameClaimType ?? "name") ?? Claim("name") ?? Claim("preferred_username");

    public bool IsInRole(string role) =>
        Claims?.Any(c => (c.Type == (RoleClaimType ?? "roles") || c.Type == "roles") && c.Value == role) == true;

    private string? Claim(string type) => Claims?.FirstOrDefault(c => c.Type == type)?.Value;

    public static ClientPrincipal? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxHeaderLength)
        {
            return null;
        }

        try
        {
            var json = Convert.FromBase64String(header.Trim());
            var principal = JsonSerializer.Deserialize<ClientPrincipal>(json, new JsonSerializerOptions { MaxDepth = 8 });
            return principal is { AuthenticationType.Length: > 0, Name.Length: > 0 } ? principal : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this)));

    public static ClientPrincipal Create(string name, params string[] roles) => new()
    {
        AuthenticationType = "aad",
        NameClaimType = "name",
        RoleClaimType = "roles",
        Claims = [new PrincipalClaim { Type = "name", Value = name }, .. roles.Select(r => new PrincipalClaim { Type = "roles", Value = r })],
    };
}

public sealed class PrincipalClaim
{
    [JsonPropertyName("typ")]
    public string? Type { get; set; }

    [JsonPropertyName("val")]
    public string? Value { get; set; }
}
