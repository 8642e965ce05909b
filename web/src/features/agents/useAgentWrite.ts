import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ApiError, send, type AgentView } from '../../api'
import { actionKeys } from '../actions/queries'
import { historyKeys } from '../history/queries'
import { agentKeys } from './queries'

/**
 * A write of one agent: sends the version last read when `versioned`, keeps the answer as the
 * agent's current state, and on a stale version (409) reloads the agent so the next try uses it.
 */
export function useAgentWrite<TInput>(
  agentId: string,
  path: string | ((input: TInput) => string),
  method: 'PUT' | 'POST' | 'DELETE',
  body?: (input: TInput) => object,
  /** The confirmation once saved (none where the section confirms in place). */
  saved?: string | ((saved: AgentView) => string),
) {
  const queryClient = useQueryClient()
  return useMutation({
    meta: { saved },
    mutationFn: (input: TInput) => {
      const version = queryClient.getQueryData<AgentView>(agentKeys.detail(agentId))?.version
      const suffix = typeof path === 'function' ? path(input) : path
      return send<AgentView>(`/api/agents/${agentId}${suffix}`, method, body ? { ...body(input), version } : undefined)
    },
    onSuccess: (saved) => queryClient.setQueryData(agentKeys.detail(agentId), saved),
    onError: (error) => {
      if (error instanceof ApiError && error.problem.status === 409) queryClient.invalidateQueries({ queryKey: agentKeys.detail(agentId) })
    },
    onSettled: () => {
      queryClient.invalidateQueries({ queryKey: historyKeys.of('agents', agentId) })
      queryClient.invalidateQueries({ queryKey: agentKeys.lists })
      queryClient.invalidateQueries({ queryKey: actionKeys.lists })
    },
  })
}
