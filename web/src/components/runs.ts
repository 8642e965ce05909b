import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router-dom'
import { api, type RunAccepted, type RunStatus } from '../api'

export const runStatusLabels: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  stopped: 'Stopped',
  rejected: 'Rejected',
}

/** "12 ms", "3.4 s", "2 min 5 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export function formatTime(at: string | null | undefined): string {
  return at ? new Date(at).toLocaleString() : '—'
}

/**
 * "Run": starts a run of the action now (`input` is the raw JSON body, or empty for none) and opens
 * its log page. A refusal (409 draft/paused, 404) stays on the mutation's error.
 */
export function useStartRun(actionId: string) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: string) =>
      api<RunAccepted>(`/api/actions/${actionId}/runs`, { method: 'POST', body: input.trim() ? input : undefined }),
    onSuccess: (accepted) => navigate(`/runs/${accepted.runId}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['action-runs', actionId] }),
  })
}
