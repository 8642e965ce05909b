import { queryOptions } from '@tanstack/react-query'
import { api, type AgentSummary, type AgentView, type PageOf } from '../../api'

export const agentKeys = {
  /** Every list of agents. */
  lists: ['agents'] as const,
  /** One list, by its `/api/agents` query string. */
  list: (query: string) => [...agentKeys.lists, query] as const,
  detail: (id: string | undefined) => ['agent', id] as const,
}

export const agentQuery = (id: string | undefined) =>
  queryOptions({
    queryKey: agentKeys.detail(id),
    queryFn: () => api<AgentView>(`/api/agents/${id}`),
  })

export const agentListQuery = (query: string) =>
  queryOptions({
    queryKey: agentKeys.list(query),
    queryFn: () => api<PageOf<AgentSummary>>(`/api/agents?${query}`),
  })
