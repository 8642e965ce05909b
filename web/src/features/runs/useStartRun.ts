import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router-dom'
import { api, type RunAccepted } from '../../api'
import { runKeys } from './queries'

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
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.ofAction(actionId) }),
  })
}
