using Diagnostics.Api.Security;
using Diagnostics.Storage;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class DiagnosticsApiServiceCollectionExtensions
{
    /// <summary>Everything both hosts need behind the HTTP operations: core, storage, identity.</summary>
    public static IServiceCollection AddDiagnosticsApi(this IServiceCollection services)
    {
        services.AddDiagnosticsCore();
        services.AddDiagnosticsStorage();
        services.AddOptionsWithValidateOnStart<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<AgentAuthorizer>();
        return services;
    }
}
