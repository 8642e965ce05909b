import { queryOptions } from '@tanstack/react-query'
import { api, type ApiKey, type OAuthClient } from '../../api'

export const apiKeyKeys = {
  apiKeys: ['api-keys'] as const,
  oauthClients: ['oauth-clients'] as const,
}

export const apiKeysQuery = queryOptions({
  queryKey: apiKeyKeys.apiKeys,
  queryFn: () => api<ApiKey[]>('/api/api-keys'),
})

export const oauthClientsQuery = queryOptions({
  queryKey: apiKeyKeys.oauthClients,
  queryFn: () => api<OAuthClient[]>('/api/oauth-clients'),
})
