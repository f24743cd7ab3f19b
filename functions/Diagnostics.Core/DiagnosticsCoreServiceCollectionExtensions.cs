using Diagnostics.Core.Operations;
using Diagnostics.Core.Options;
using Diagnostics.Core.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class DiagnosticsCoreServiceCollectionExtensions
{
    /// <summary>The domain operations and their options, validated at start-up. Storage comes separately.</summary>
    public static IServiceCollection AddDiagnosticsCore(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations();
        services.AddOptionsWithValidateOnStart<ConsentOptions>().BindConfiguration(ConsentOptions.Section).ValidateDataAnnotations();
        services.AddOptionsWithValidateOnStart<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations();
        services.AddOptionsWithValidateOnStart<CaptureOptions>().BindConfiguration(CaptureOptions.Section).ValidateDataAnnotations();
        services.AddOptionsWithValidateOnStart<PseudonymizationOptions>().BindConfiguration(PseudonymizationOptions.Section).ValidateDataAnnotations();
        services.AddOptionsWithValidateOnStart<MatchLimitsOptions>().BindConfiguration(MatchLimitsOptions.Section).ValidateDataAnnotations();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<KeyRing>();
        services.AddSingleton<ConsentTokens>();
        services.AddSingleton<RetentionPolicy>();
        services.AddSingleton<TicketEraser>();
        services.AddSingleton<TicketOperations>();
        services.AddSingleton<ConsentOperations>();
        services.AddSingleton<DataExporter>();
        services.AddSingleton<SnapshotIngestor>();
        services.AddSingleton<ConsentCapture>();
        services.AddSingleton<MatchRateLimiter>();
        services.AddSingleton<SnapshotReader>();
        services.AddSingleton<StorageReconciler>();
        services.AddSingleton<SnapshotPurger>();
        services.AddSingleton<RetentionReporter>();
        return services;
    }
}
