// Log Analytics and workspace-based Application Insights. Local (instrumentation key) authentication is off:
// the function app sends telemetry with its managed identity, which holds Monitoring Metrics Publisher on the
// component (see rbac.bicep).

@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('Region of both resources.')
param location string

@description('Tags applied to both resources.')
param tags resourceInput<'Microsoft.OperationalInsights/workspaces@2023-09-01'>.tags

@description('Days Log Analytics keeps logs and telemetry; no longer than the snapshots themselves.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
    features: {
      // Queries and ingestion need Entra ID: no shared workspace keys.
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
    // Client IP addresses are masked (the default, stated here on purpose): telemetry never holds them.
    DisableIpMasking: false
  }
}

output applicationInsightsName string = applicationInsights.name
