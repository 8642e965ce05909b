import { queryOptions } from '@tanstack/react-query'
import { api, type OperationSummary, type OperationView, type Plugin } from '../../api'

export const pluginKeys = {
  plugins: ['plugins'] as const,
  operations: ['operations'] as const,
  operation: (id: string | undefined) => ['operation', id] as const,
}

export const pluginsQuery = queryOptions({
  queryKey: pluginKeys.plugins,
  queryFn: () => api<Plugin[]>('/api/plugins'),
})

/** Every installed connector's operations. */
export const operationsQuery = queryOptions({
  queryKey: pluginKeys.operations,
  queryFn: () => api<OperationSummary[]>('/api/library/operations'),
})

export const operationQuery = (id: string | undefined) =>
  queryOptions({
    queryKey: pluginKeys.operation(id),
    queryFn: () => api<OperationView>(`/api/library/operations/${encodeURIComponent(id!)}`),
  })
