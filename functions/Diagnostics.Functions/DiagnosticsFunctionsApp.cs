using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Diagnostics.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Diagnostics.Functions;

/// <summary>The isolated worker's composition: the shared operations, storage, identity and telemetry.</summary>
public static class DiagnosticsFunctionsApp
{
    public static IHost Build(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddDiagnosticsApi();

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(DiagnosticsTelemetry.MeterName))
            .UseFunctionsWorkerDefaults();
        if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            // Application Insights has local authentication disabled: the exporter signs in with the app's identity.
            telemetry.UseAzureMonitorExporter(options => options.Credential = new DefaultAzureCredential());
        }

        return builder.Build();
    }
}
