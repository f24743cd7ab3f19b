using Diagnostics.Api;
using Microsoft.Extensions.Options;

namespace Diagnostics.LocalHost;

/// <summary>The same <c>/api</c> operations as the Functions app, on Kestrel, with the purge on its schedule.</summary>
public static class LocalHostApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Limits are enforced while streaming by the operations, per setting; Kestrel's fixed cap would pre-empt them.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        // Request lines carry query strings, and a match query carries a candidate value: never log them.
        // The storage SDK logs every request, and every 404/409/412 that the adapters expect and handle as a warning;
        // real storage failures surface as exceptions and are logged where they are handled.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Result", LogLevel.Warning);
        builder.Logging.AddFilter("Azure", LogLevel.Error);
        builder.Services.AddProblemDetails();
        builder.Services.AddDiagnosticsApi();
        builder.Services.AddOptionsWithValidateOnStart<LocalHostOptions>().BindConfiguration(LocalHostOptions.Section).ValidateDataAnnotations();
        builder.Services.AddHostedService<PurgeScheduler>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseStatusCodePages();
        var functionKey = app.Services.GetRequiredService<IOptions<LocalHostOptions>>();
        foreach (var route in ApiRoutes.All)
        {
            var handler = WithFunctionKey(route, functionKey);
            app.MapMethods($"/{ApiRoutes.Prefix}/{route.Template}", [route.Method], (RequestDelegate)(async context =>
            {
                var result = await ApiExecution.RunAsync(context, handler);
                await result.ExecuteAsync(context);
            })).WithName(route.Name);
        }

        return app;
    }

    private static Func<HttpContext, Task<IResult>> WithFunctionKey(ApiRoute route, IOptions<LocalHostOptions> key) =>
        route.Access != RouteAccess.FunctionKey
            ? route.Handler
            : context => FunctionKeyCheck.Passes(context, key.Value.FunctionKey) ? route.Handler(context) : Task.FromResult(FunctionKeyCheck.Denied());
}
