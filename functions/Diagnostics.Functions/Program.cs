using Diagnostics.Functions;
using Microsoft.Extensions.Hosting;

await DiagnosticsFunctionsApp.Build(args).RunAsync();
