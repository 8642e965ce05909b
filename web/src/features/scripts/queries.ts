import { queryOptions } from '@tanstack/react-query'
import { api, type ScriptApi } from '../../api'

export const scriptKeys = {
  scriptApi: ['script-api'] as const,
}

/** The host's description of the script API: the same for as long as the console runs. */
export const scriptApiQuery = queryOptions({
  queryKey: scriptKeys.scriptApi,
  queryFn: () => api<ScriptApi>('/api/script-api'),
  staleTime: Infinity,
})
