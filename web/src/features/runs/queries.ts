import { queryOptions } from '@tanstack/react-query'
import { api, apiBytes, apiText, type PageOf, type Run } from '../../api'

export interface RunFilters {
  status: string
  actionId: string
  trigger: string
  /** The period's name (`24h`), not its start: the start moves with every read. */
  since: string
  page: number
}

export const runKeys = {
  detail: (runId: string | undefined) => ['run', runId] as const,
  document: (runId: string | undefined, documentId: string | undefined) => ['run-document', runId, documentId] as const,
  documentBytes: (runId: string | undefined, documentId: string | undefined) => ['run-document-bytes', runId, documentId] as const,
  /** A page of the Runs page's list. */
  list: ({ status, actionId, trigger, since, page }: RunFilters) => ['runs', status, actionId, trigger, since, page] as const,
  recentFailures: ['runs', 'failed', 'home'] as const,
  /** Every action's runs: a run that ends may be in any of them. */
  ofActions: ['action-runs'] as const,
  /** Every page of one action's runs. */
  ofAction: (actionId: string) => [...runKeys.ofActions, actionId] as const,
  ofActionPage: (actionId: string, page: number) => [...runKeys.ofAction(actionId), page] as const,
}

/** Where a run's document is downloaded from (and shown from, as text). */
export const documentPath = (runId: string | undefined, documentId: string | undefined) => `/api/runs/${runId}/documents/${documentId}`

export const runQuery = (runId: string | undefined) =>
  queryOptions({
    queryKey: runKeys.detail(runId),
    queryFn: () => api<Run>(`/api/runs/${runId}`),
  })

/** A document's content does not change once the run created it. */
export const runDocumentQuery = (runId: string | undefined, documentId: string | undefined) =>
  queryOptions({
    queryKey: runKeys.document(runId, documentId),
    queryFn: () => apiText(documentPath(runId, documentId)),
    staleTime: Infinity,
  })

/** The bytes of a binary document (a PDF), for the page to draw. */
export const runDocumentBytesQuery = (runId: string | undefined, documentId: string | undefined) =>
  queryOptions({
    queryKey: runKeys.documentBytes(runId, documentId),
    queryFn: () => apiBytes(documentPath(runId, documentId)),
    staleTime: Infinity,
  })

export const actionRunsQuery = (actionId: string, page: number, pageSize: number) =>
  queryOptions({
    queryKey: runKeys.ofActionPage(actionId, page),
    queryFn: () => api<PageOf<Run>>(`/api/actions/${actionId}/runs?page=${page}&pageSize=${pageSize}`),
  })

export const recentFailuresQuery = queryOptions({
  queryKey: runKeys.recentFailures,
  queryFn: () => api<PageOf<Run>>('/api/runs?status=failed&pageSize=5'),
})
