import { queryOptions } from '@tanstack/react-query'
import { api, send, type AccountConnector, type AccountView, type OptionList, type PageOf } from '../../api'

export const accountKeys = {
  /** Every list of accounts (the Accounts page's, each connector's): they list which actions use each account. */
  lists: ['accounts'] as const,
  page: (page: number) => [...accountKeys.lists, 'page', page] as const,
  ofConnector: (connectorId: string) => [...accountKeys.lists, 'connector', connectorId] as const,
  detail: (id: string | null | undefined) => ['account', id] as const,
  connectors: ['account-connectors'] as const,
  /** The choices a connector operation reads with an account; `input` is the JSON of the values it needs. */
  options: (accountId: string | null | undefined, operation: string, input: string) => ['account-options', accountId, operation, input] as const,
}

/** A page of the workspace's accounts, newest first. */
export const accountPageQuery = (page: number, pageSize: number) =>
  queryOptions({
    queryKey: accountKeys.page(page),
    queryFn: () => api<PageOf<AccountView>>(`/api/accounts?page=${page}&pageSize=${pageSize}`),
  })

/** The workspace's accounts of one connector (the intent page's choice, "Replace"): the first hundred, newest first. */
export const accountsOfConnectorQuery = (connectorId: string) =>
  queryOptions({
    queryKey: accountKeys.ofConnector(connectorId),
    queryFn: () => api<PageOf<AccountView>>(`/api/accounts?connector=${encodeURIComponent(connectorId)}&pageSize=100`),
  })

export const accountQuery = (id: string | null | undefined) =>
  queryOptions({
    queryKey: accountKeys.detail(id),
    queryFn: () => api<AccountView>(`/api/accounts/${id}`),
  })

/** The installed connectors that have accounts, and how each of their methods connects one. */
export const accountConnectorsQuery = queryOptions({
  queryKey: accountKeys.connectors,
  queryFn: () => api<AccountConnector[]>('/api/accounts/connectors'),
})

/** The choices `operation` lists in the connected system, read with the account (`POST /api/accounts/{id}/options`). */
export const accountOptionsQuery = (accountId: string | null | undefined, operation: string, input: string) =>
  queryOptions({
    queryKey: accountKeys.options(accountId, operation, input),
    queryFn: () => send<OptionList>(`/api/accounts/${encodeURIComponent(accountId!)}/options`, 'POST', { operation, input: JSON.parse(input) }),
  })
