// The Flex Consumption plan and the Functions app (isolated worker, .NET 10) with its user-assigned identity,
// identity-based storage and telemetry, the Key Vault reference to the master key, and App Service
// Authentication (Easy Auth) for agents and auditors.

@description('Function app name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Region of the plan and the app.')
param location string

@description('Tags applied to the plan and the app (the app also gets azd-service-name).')
param tags resourceInput<'Microsoft.Web/sites@2024-04-01'>.tags

@description('azd service name in azure.yaml; tagged on the app so that `azd deploy` finds it.')
param serviceName string

@description('Resource id of the app\'s user-assigned managed identity.')
param identityId string

@description('Client id of the app\'s user-assigned managed identity.')
param identityClientId string

@description('Storage account of the app and of AzureWebJobsStorage.')
param storageAccountName string

@description('Blob container of the deployment package.')
param deploymentContainerName string

@description('Application Insights component the app reports to.')
param applicationInsightsName string

@description('Versioned URI of the Key Vault secret holding the master key.')
param masterKeyUri string

@description('Diagnostics:* app settings of the product (without the ones this module derives).')
param diagnosticsSettings {
  *: string
}

@description('Browser origins allowed to call the API cross-origin (CORS); none by default.')
param allowedOrigins string[]

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Client id of the Entra ID app registration used by App Service Authentication.')
param authClientId string

@description('OpenID issuer of App Service Authentication.')
param authOpenIdIssuer string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    // The Key Vault reference in the app settings is resolved with the user-assigned identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: union(diagnosticsSettings, {
      // The Functions runtime's storage, reached with the managed identity (no connection string, no key).
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      // DefaultAzureCredential (the app's Tables and Blobs clients) picks the user-assigned identity.
      AZURE_CLIENT_ID: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
      Diagnostics__Storage__TableServiceUri: storage.properties.primaryEndpoints.table
      Diagnostics__Storage__BlobServiceUri: storage.properties.primaryEndpoints.blob
      Diagnostics__Pseudonymization__MasterKey: '@Microsoft.KeyVault(SecretUri=${masterKeyUri})'
      Diagnostics__Consent__PublicBaseUrl: 'https://${app.properties.defaultHostName}'
    })
  }

  // App Service Authentication (Easy Auth) with Entra ID. Anonymous requests are let through on purpose:
  // the ticketing and collector routes are authorized by function keys and the customer's routes by consent
  // tokens, so the platform must not demand a sign-in. For a signed-in caller Easy Auth validates the token or
  // session and sets X-MS-CLIENT-PRINCIPAL (stripping any such header a client sent); the app trusts that
  // header only because Easy Auth is enabled (WEBSITE_AUTH_ENABLED) and itself answers 401/403 on the agent
  // and auditor routes without the Diagnostics.Agent / Diagnostics.Auditor app role.
  resource authSettings 'config' = {
    name: 'authsettingsV2'
    properties: {
      platform: {
        enabled: true
        runtimeVersion: '~1'
      }
      globalValidation: {
        requireAuthentication: false
        unauthenticatedClientAction: 'AllowAnonymous'
      }
      httpSettings: {
        requireHttps: true
        routes: {
          apiPrefix: '/.auth'
        }
        forwardProxy: {
          convention: 'NoProxy'
        }
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: authClientId
            openIdIssuer: authOpenIdIssuer
          }
          validation: {
            allowedAudiences: [
              authClientId
              'api://${authClientId}'
            ]
          }
        }
      }
      login: {
        // Agents sign in through /.auth/login/aad and get a session cookie; the app needs no provider tokens.
        tokenStore: {
          enabled: false
        }
      }
    }
  }

  // No FTP or SCM basic-auth publishing: azd deploys with Entra ID.
  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
