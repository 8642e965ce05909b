import { queryOptions } from '@tanstack/react-query'
import { api, type Plugin } from '../../api'

export const pluginKeys = {
  plugins: ['plugins'] as const,
}

export const pluginsQuery = queryOptions({
  queryKey: pluginKeys.plugins,
  queryFn: () => api<Plugin[]>('/api/plugins'),
})
