import { queryOptions } from '@tanstack/react-query'
import { api, type Me, type SetupStatus, type SsoStatus } from '../../api'
import { adoptMe } from './session'

export const sessionKeys = {
  me: ['me'] as const,
  setup: ['setup'] as const,
  sso: ['sso'] as const,
}

/** Who is signed in: read once for the console; `refresh` of the session reads it again. */
export const meQuery = queryOptions({
  queryKey: sessionKeys.me,
  queryFn: async () => adoptMe(await api<Me>('/api/me')),
  retry: false,
  staleTime: Infinity,
})

/** Whether the owner account is still to be made. */
export const setupQuery = queryOptions({
  queryKey: sessionKeys.setup,
  queryFn: () => api<SetupStatus>('/api/setup'),
  retry: false,
})

export const ssoQuery = queryOptions({
  queryKey: sessionKeys.sso,
  queryFn: () => api<SsoStatus>('/api/sso'),
  retry: false,
})
