// Diagnostics on Azure (DESIGN §10): a resource group with a storage account (no shared keys, no soft delete,
// the retention backstop), a Flex Consumption Functions app on .NET 10 with a user-assigned identity, a Key
// Vault holding the pseudonymization master key, Application Insights, the role assignments and Easy Auth.
// Deployed with `azd up` (azure.yaml, main.parameters.json); validated by ./.ci/bicep.sh.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource. It must offer the Flex Consumption plan (`az functionapp list-flexconsumption-locations`).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user (azd sets AZURE_PRINCIPAL_ID). It gets data access to storage and Key Vault Secrets Officer; leave empty for none.')
param principalId string = ''

@description('Kind of principal principalId is.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Diagnostics:Retention:Default: how long a snapshot is kept after capture (a TimeSpan, d.hh:mm:ss); at most the cap.')
param retentionDefault string = '7.00:00:00'

@description('Diagnostics:Retention:Cap in days: the longest retention the app allows. The lifecycle backstop deletes snapshot blobs one day after it.')
@minValue(1)
@maxValue(30)
param retentionCapDays int = 30

@description('Diagnostics:Retention:PurgeSchedule: six-field NCRONTAB schedule of the purge timer.')
param purgeSchedule string = '0 */5 * * * *'

@description('Diagnostics:Consent:DefaultWindow: capture window when the customer names none (a TimeSpan).')
param captureWindowDefault string = '1.00:00:00'

@description('Diagnostics:Consent:MaxWindow: the longest capture window a customer may choose (a TimeSpan).')
param captureWindowMax string = '7.00:00:00'

@description('Browser origins allowed to call the API cross-origin (CORS). The agent console and the consent page are served by the app itself and need none.')
param allowedOrigins string[] = []

@description('Client id of the Entra ID app registration for App Service Authentication. Create it first (`az ad app create`), with app roles "Diagnostics.Agent" and "Diagnostics.Auditor" assigned to agents and auditors, ID tokens enabled, and the redirect URI https://<function app host>/.auth/login/aad/callback (add it once the app exists: SERVICE_API_URI).')
@minLength(1)
param authClientId string

@description('OpenID issuer of App Service Authentication; by default the v2.0 endpoint of this tenant.')
param authOpenIdIssuer string = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'

@description('Diagnostics:Pseudonymization:KeyId: id of the current master key; new tickets use it. Change it whenever the key changes.')
param masterKeyId string = 'key-1'

// No default on purpose: azd prompts for it (and keeps it in the environment's config), and no key is ever
// written in this repository. Generate one with `openssl rand -base64 32`.
@description('Diagnostics:Pseudonymization:MasterKey: base64 of at least 32 random bytes (`openssl rand -base64 32`). Stored in Key Vault; the app reads it through a Key Vault reference.')
@secure()
@minLength(44)
param masterKey string

@description('Whether the Key Vault is reachable from public networks; "Disabled" needs a virtual network and a private endpoint, which these templates do not create.')
@allowed([
  'Enabled'
  'Disabled'
])
param keyVaultPublicNetworkAccess string = 'Enabled'

@description('Most instances the Flex Consumption app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

var abbrs = {
  resourceGroup: 'rg-'
  storageAccount: 'st'
  functionApp: 'func-'
  flexPlan: 'plan-'
  managedIdentity: 'id-'
  keyVault: 'kv-'
  applicationInsights: 'appi-'
  logAnalytics: 'log-'
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var names = {
  identity: '${abbrs.managedIdentity}api-${resourceToken}'
  logAnalytics: '${abbrs.logAnalytics}${resourceToken}'
  applicationInsights: '${abbrs.applicationInsights}${resourceToken}'
  storageAccount: '${abbrs.storageAccount}${resourceToken}'
  keyVault: '${abbrs.keyVault}${resourceToken}'
  functionApp: '${abbrs.functionApp}api-${resourceToken}'
  flexPlan: '${abbrs.flexPlan}${resourceToken}'
}

var tablePrefix = 'diag'
var snapshotContainerName = 'snapshots'
var deploymentContainerName = 'deployments'
var masterKeySecretName = 'pseudonymization-master-key'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    logRetentionDays: 30
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storageAccount
    location: location
    tags: tags
    snapshotContainerName: snapshotContainerName
    deploymentContainerName: deploymentContainerName
    tableNames: [for suffix in ['tickets', 'snapshots', 'expiry', 'audit', 'receipts']: '${tablePrefix}${suffix}']
    retentionCapDays: retentionCapDays
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    publicNetworkAccess: keyVaultPublicNetworkAccess
    masterKeySecretName: masterKeySecretName
    masterKey: masterKey
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    // Names, not outputs, so that What-If can predict the assignments; dependsOn orders the deployment.
    storageAccountName: names.storageAccount
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
    // The assignments are named from the principal id, a runtime value: What-If cannot predict them, but a
    // recreated identity (new principal id, same name) gets new assignments instead of failing on the old ones.
    #disable-next-line what-if-short-circuiting
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
  dependsOn: [
    storage
    keyVault
    monitoring
  ]
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: names.functionApp
    planName: names.flexPlan
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storageAccount
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: names.applicationInsights
    masterKeyUri: keyVault.outputs.masterKeyUri
    diagnosticsSettings: {
      Diagnostics__Storage__TablePrefix: tablePrefix
      Diagnostics__Storage__SnapshotContainer: snapshotContainerName
      Diagnostics__Pseudonymization__KeyId: masterKeyId
      Diagnostics__Retention__Default: retentionDefault
      Diagnostics__Retention__Cap: '${retentionCapDays}.00:00:00'
      Diagnostics__Retention__PurgeSchedule: purgeSchedule
      Diagnostics__Consent__DefaultWindow: captureWindowDefault
      Diagnostics__Consent__MaxWindow: captureWindowMax
    }
    allowedOrigins: allowedOrigins
    maximumInstanceCount: maximumInstanceCount
    authClientId: authClientId
    authOpenIdIssuer: authOpenIdIssuer
  }
  // The app starts as soon as it exists: let its identity hold its roles first, so that the runtime's first
  // storage calls and the Key Vault reference do not fail (role propagation may still take a few minutes).
  dependsOn: [
    rbac
    storage
    monitoring
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
