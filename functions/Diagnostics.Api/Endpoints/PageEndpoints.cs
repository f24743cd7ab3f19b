using Diagnostics.Api.Pages;
using Diagnostics.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Diagnostics.Api.Endpoints;

public static class PageEndpoints
{
    /// <summary>App Service Authentication's sign-in, back to the console afterwards.</summary>
    public const string PlatformSignInPath = "/.auth/login/aad?post_login_redirect_uri=/api/agent";

    /// <summary>
    /// The console's shell: no data, the script fetches everything with the caller's identity. Behind App Service
    /// Authentication (which lets anonymous requests through, for customers and collectors) a visitor without a
    /// session is sent to sign in first.
    /// </summary>
    public static Task<IResult> AgentConsoleAsync(HttpContext context)
    {
        var signIn = context.RequestServices.GetRequiredService<AgentAuthorizer>().SignInFor(context);
        string? name = null;
        if (signIn == AgentSignIn.Platform)
        {
            name = ClientPrincipal.Parse(context.Request.Headers[ClientPrincipal.HeaderName])?.Name;
            if (name is null)
            {
                return Task.FromResult(Results.Redirect(PlatformSignInPath));
            }
        }

        return Task.FromResult(PageResults.Html(context, AgentPage.Render(signIn, name)));
    }
}
