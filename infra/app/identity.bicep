// The function app's user-assigned managed identity: it reads and writes storage, reads the master key from
// Key Vault and publishes telemetry, with the roles granted in rbac.bicep.

@description('User-assigned identity name.')
param name string

@description('Region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags resourceInput<'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31'>.tags

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
