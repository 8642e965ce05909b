import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ApiError, send, type AgentView } from '../api'
import { historyKey } from '../features/history/historyKey'

/**
 * A write of one agent: sends the version last read when `versioned`, keeps the answer as the
 * agent's current state, and on a stale version (409) reloads the agent so the next try uses it.
 */
export function useAgentWrite<TInput>(
  agentId: string,
  path: string | ((input: TInput) => string),
  method: 'PUT' | 'POST' | 'DELETE',
  body?: (input: TInput) => object,
) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: TInput) => {
      const version = queryClient.getQueryData<AgentView>(['agent', agentId])?.version
      const suffix = typeof path === 'function' ? path(input) : path
      return send<AgentView>(`/api/agents/${agentId}${suffix}`, method, body ? { ...body(input), version } : undefined)
    },
    onSuccess: (saved) => queryClient.setQueryData(['agent', agentId], saved),
    onError: (error) => {
      if (error instanceof ApiError && error.problem.status === 409) queryClient.invalidateQueries({ queryKey: ['agent', agentId] })
    },
    onSettled: () => {
      queryClient.invalidateQueries({ queryKey: historyKey('agents', agentId) })
      queryClient.invalidateQueries({ queryKey: ['agents'] })
      queryClient.invalidateQueries({ queryKey: ['actions'] })
    },
  })
}
