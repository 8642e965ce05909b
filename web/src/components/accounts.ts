import { api, type AccountView, type PageOf } from '../api'

/** The workspace's accounts of one connector (the intent page's choice, "Replace"): the first hundred, newest first. */
export function accountsOfConnectorQuery(connectorId: string) {
  return {
    queryKey: ['accounts', 'connector', connectorId],
    queryFn: () => api<PageOf<AccountView>>(`/api/accounts?connector=${encodeURIComponent(connectorId)}&pageSize=100`),
  }
}
