using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Diagnostics.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddDiagnosticsApi();

var telemetry = builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithMetrics(metrics => metrics.AddMeter(DiagnosticsTelemetry.MeterName));
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    // Application Insights has local authentication disabled: the exporter signs in with the app's identity.
    telemetry.UseAzureMonitorExporter(options => options.Credential = new DefaultAzureCredential());
}

await builder.Build().RunAsync();
