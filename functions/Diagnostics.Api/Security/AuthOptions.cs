using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Diagnostics.Api.Security;

public static class Roles
{
    public const string Agent = "Diagnostics.Agent";
    public const string Auditor = "Diagnostics.Auditor";
}

/// <summary>Where agent identities come from. Section <c>Diagnostics:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Diagnostics:Auth";

    /// <summary>
    /// Development sign-in: trust a principal header from loopback callers. Only for the local host in the
    /// Development environment; the app refuses to start with it anywhere else.
    /// </summary>
    public bool DevelopmentSignIn { get; set; }
}

/// <summary>Refuses the development sign-in outside Development or on Azure.</summary>
public sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (!options.DevelopmentSignIn)
        {
            return ValidateOptionsResult.Success;
        }

        if (HostingPlatform.IsAzure)
        {
            return ValidateOptionsResult.Fail("Diagnostics:Auth:DevelopmentSignIn cannot be enabled on Azure; agents sign in through App Service Authentication.");
        }

        return environment.IsDevelopment()
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Diagnostics:Auth:DevelopmentSignIn is only allowed in the Development environment.");
    }
}

/// <summary>Facts about where the app runs, read from the platform's own settings.</summary>
public static class HostingPlatform
{
    /// <summary>App Service and Azure Functions set WEBSITE_SITE_NAME on every app.</summary>
    public static bool IsAzure => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_SITE_NAME"));

    /// <summary>Set by App Service Authentication when it runs in front of the app.</summary>
    public static bool IsEasyAuthEnabled =>
        string.Equals(Environment.GetEnvironmentVariable("WEBSITE_AUTH_ENABLED"), "true", StringComparison.OrdinalIgnoreCase);
}
