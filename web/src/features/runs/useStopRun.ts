import { useMutation, useQueryClient } from '@tanstack/react-query'
import { send, type RunAccepted } from '../../api'
import { runKeys } from './queries'

/** "Stop": asks for the run to stop; the run is read again, which then says it is stopping. */
export function useStopRun(runId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => send<RunAccepted>(`/api/runs/${runId}/stop`, 'POST'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) }),
  })
}
