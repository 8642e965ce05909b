import { queryOptions } from '@tanstack/react-query'
import { api, type ActionChange } from '../../api'

export type HistorySubject = 'actions' | 'agents'

export const historyKeys = {
  /** A subject's history, every version of it: invalidate it after a write that the history records. */
  of: (subject: HistorySubject, id: string) => ['history', subject, id] as const,
  /** The history as read at the subject's `version`, so it reloads when the version moves. */
  at: (subject: HistorySubject, id: string, version: number) => [...historyKeys.of(subject, id), version] as const,
}

export const historyQuery = (subject: HistorySubject, id: string, version: number) =>
  queryOptions({
    queryKey: historyKeys.at(subject, id, version),
    queryFn: () => api<ActionChange[]>(`/api/${subject}/${id}/history`),
  })
