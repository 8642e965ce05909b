import { queryOptions } from '@tanstack/react-query'
import { api, type AuditEntry, type PageOf } from '../../api'

export const auditKeys = {
  /** A page of the audit log, by its `/api/audit` query string (filters and page). */
  page: (query: string) => ['audit', query] as const,
}

export const auditQuery = (query: string) =>
  queryOptions({
    queryKey: auditKeys.page(query),
    queryFn: () => api<PageOf<AuditEntry>>(`/api/audit?${query}`),
  })
