using System.Net;
using Diagnostics.Core.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Diagnostics.Api.Security;

/// <summary>Turns the principal header into an agent, trusted only where something vouches for it.</summary>
public sealed class AgentAuthorizer(IOptions<AuthOptions> options)
{
    /// <summary>The caller as an agent holding <paramref name="role"/>, or the 401/403 problem to answer.</summary>
    public (Actor? Actor, IResult? Failure) Authorize(HttpContext context, string role)
    {
        var principal = IsTrusted(context) ? ClientPrincipal.Parse(context.Request.Headers[ClientPrincipal.HeaderName]) : null;
        if (principal is null)
        {
            return (null, Problems.Result(401, "Sign-in required.", "This route needs an authenticated support agent or auditor."));
        }

        return principal.IsInRole(role)
            ? (new Actor(ActorKind.Agent, principal.Name!), null)
            : (null, Problems.Result(403, "Missing role.", $"This route needs the role {role}."));
    }

    /// <summary>How a person signs in to the agent console from where this request comes.</summary>
    public AgentSignIn SignInFor(HttpContext context) =>
        HostingPlatform.IsEasyAuthEnabled ? AgentSignIn.Platform
        : IsTrusted(context) ? AgentSignIn.Development
        : AgentSignIn.Unavailable;

    private bool IsTrusted(HttpContext context) =>
        HostingPlatform.IsEasyAuthEnabled ||
        (options.Value.DevelopmentSignIn && context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote));
}

public enum AgentSignIn
{
    /// <summary>App Service Authentication signs people in and adds the principal header to every request.</summary>
    Platform,

    /// <summary>Local host, Development, loopback: the console asks for a name and roles and sends the header itself.</summary>
    Development,

    /// <summary>Neither: every data route answers 401.</summary>
    Unavailable,
}
