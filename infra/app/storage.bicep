// The storage account: snapshot blobs and the five tables of the app, the Flex Consumption deployment package,
// and the Functions runtime's own state (AzureWebJobsStorage). No shared keys: every caller uses Entra ID.
// Nothing erased is kept: no blob soft delete, no container soft delete, no versioning; and a lifecycle rule
// deletes snapshot blobs that outlived the retention cap by a day, should the purge ever fall behind.

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the account.')
param location string

@description('Tags applied to the account.')
param tags resourceInput<'Microsoft.Storage/storageAccounts@2023-05-01'>.tags

@description('Blob container of the snapshot content (Diagnostics:Storage:SnapshotContainer).')
param snapshotContainerName string

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Table names, with the prefix (Diagnostics:Storage:TablePrefix).')
param tableNames string[]

@description('Longest retention the app allows, in days; the lifecycle backstop deletes snapshot blobs one day later.')
@minValue(1)
@maxValue(30)
param retentionCapDays int

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    dnsEndpointType: 'Standard'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'
    properties: {
      // Erased data must not survive the purge: no soft delete of blobs or containers, no versions, no change
      // feed, no point-in-time restore.
      deleteRetentionPolicy: {
        enabled: false
      }
      containerDeleteRetentionPolicy: {
        enabled: false
      }
      isVersioningEnabled: false
      changeFeed: {
        enabled: false
      }
      restorePolicy: {
        enabled: false
      }
    }

    resource snapshotContainer 'containers' = {
      name: snapshotContainerName
      properties: {
        publicAccess: 'None'
      }
    }

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource tableServices 'tableServices' = {
    name: 'default'

    resource tables 'tables' = [
      for tableName in tableNames: {
        name: tableName
      }
    ]
  }

  // The retention backstop (DESIGN §7). The timer purge deletes each snapshot when it falls due (at most the cap
  // after capture); this rule deletes any snapshot blob last written more than cap + 1 days ago. Azure runs
  // lifecycle rules about once a day, so it is a backstop, not the mechanism.
  resource managementPolicies 'managementPolicies' = {
    name: 'default'
    properties: {
      policy: {
        rules: [
          {
            name: 'snapshots-retention-backstop'
            enabled: true
            type: 'Lifecycle'
            definition: {
              filters: {
                blobTypes: [
                  'blockBlob'
                ]
                prefixMatch: [
                  '${snapshotContainerName}/'
                ]
              }
              actions: {
                baseBlob: {
                  delete: {
                    daysAfterModificationGreaterThan: retentionCapDays + 1
                  }
                }
                snapshot: {
                  delete: {
                    daysAfterCreationGreaterThan: retentionCapDays + 1
                  }
                }
              }
            }
          }
        ]
      }
    }
  }
}

output name string = storage.name
