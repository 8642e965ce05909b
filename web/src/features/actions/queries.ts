import { queryOptions } from '@tanstack/react-query'
import { api, type ActionSummary, type ActionView, type PageOf } from '../../api'

export const actionKeys = {
  /** Every list of actions (My actions, the pickers, the names of the runs filter and the home page). */
  lists: ['actions'] as const,
  /** One list, by its query string (or, for the lists of names, by where it is shown). */
  list: (query: string) => [...actionKeys.lists, query] as const,
  /** Every single action. */
  details: ['action'] as const,
  detail: (id: string | undefined) => [...actionKeys.details, id] as const,
  runSettings: (id: string) => ['run-settings', id] as const,
}

/** The run limits an action may set; each one not set takes the server's default. */
export type RunLimit = 'timeoutSeconds' | 'memoryMegabytes' | 'maxStatements' | 'maxRecursion' | 'maxLogLines'

/** The action's own limits (`overrides`) and the ones its runs get (the server's defaults where it sets none). */
export interface RunSettings {
  overrides: Partial<Record<RunLimit, number | null>> & { onNodeLost?: string | null }
  timeoutSeconds: number
  memoryMegabytes: number
  maxStatements: number
  maxRecursion: number
  maxLogLines: number
}

export const actionQuery = (id: string | undefined) =>
  queryOptions({
    queryKey: actionKeys.detail(id),
    queryFn: () => api<ActionView>(`/api/actions/${id}`),
  })

/** A page of the workspace's actions; `query` is the `/api/actions` query string (filters, sort, page). */
export const actionListQuery = (query: string) =>
  queryOptions({
    queryKey: actionKeys.list(query),
    queryFn: () => api<PageOf<ActionSummary>>(`/api/actions?${query}`),
  })

/** The first hundred actions by name, for pages that name actions by id; `shownOn` keeps each page's list apart. */
export const actionNamesQuery = (shownOn: 'runs-filter' | 'home') =>
  queryOptions({
    queryKey: actionKeys.list(shownOn),
    queryFn: () => api<PageOf<ActionSummary>>('/api/actions?sort=name&pageSize=100'),
  })

export const runSettingsQuery = (actionId: string) =>
  queryOptions({
    queryKey: actionKeys.runSettings(actionId),
    queryFn: () => api<RunSettings>(`/api/actions/${actionId}/run-settings`),
  })
