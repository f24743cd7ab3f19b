// Key Vault holding the pseudonymization master key. Access is by Azure RBAC only (no access policies); the
// function app's identity reads the secret (Key Vault Secrets User, rbac.bicep) through a Key Vault reference in
// its app settings. Soft delete and purge protection are on: a deleted vault or key stays recoverable for 7 days
// and cannot be purged sooner, not even by `azd down --purge`; the vault's name stays taken for those 7 days, so
// `azd up` of the same environment right after `azd down` fails until then (or recover the vault). 7 days, the
// minimum, because snapshots live at most 30 days: a lost key only stops old pseudonyms from matching.

@description('Key Vault name (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags resourceInput<'Microsoft.KeyVault/vaults@2023-07-01'>.tags

@description('Whether the vault is reachable from public networks. The Flex Consumption app resolves its Key Vault reference over the public endpoint unless it is integrated with a virtual network that has a private endpoint to the vault, so "Disabled" needs that network too.')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string

@description('Name of the secret holding the master key.')
param masterKeySecretName string

@description('Base64 of at least 32 random bytes: the pseudonymization master key.')
@secure()
param masterKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
    }
  }

  resource masterKeySecret 'secrets' = {
    name: masterKeySecretName
    properties: {
      value: masterKey
      contentType: 'application/octet-stream; base64'
      attributes: {
        enabled: true
      }
    }
  }
}

output name string = vault.name
// The versioned URI: the app must not pick up a new master key under the same key id by itself (pseudonyms
// made under the old key would stop matching). Rotating means a new key id and a new deployment.
output masterKeyUri string = vault::masterKeySecret.properties.secretUriWithVersion
