import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ApiError, send, type ActionView } from '../../api'
import { historyKeys } from '../history/queries'
import { actionKeys } from './queries'

/**
 * A versioned write of one action: sends the version last read, keeps the answer as the action's
 * current state, and on a stale version (409) reloads the action so the next try uses the new version.
 */
export function useActionWrite<TInput>(
  actionId: string,
  path: string | ((input: TInput) => string),
  method: 'PUT' | 'POST',
  body: (input: TInput) => object,
  /** The confirmation once saved (none where the section confirms in place). */
  saved?: string | ((saved: ActionView) => string),
) {
  const queryClient = useQueryClient()
  return useMutation({
    meta: { saved },
    mutationFn: (input: TInput) => {
      const version = queryClient.getQueryData<ActionView>(actionKeys.detail(actionId))?.version
      const suffix = typeof path === 'function' ? path(input) : path
      return send<ActionView>(`/api/actions/${actionId}${suffix}`, method, { ...body(input), version })
    },
    onSuccess: (saved) => queryClient.setQueryData(actionKeys.detail(actionId), saved),
    onError: (error) => {
      if (error instanceof ApiError && error.problem.status === 409) queryClient.invalidateQueries({ queryKey: actionKeys.detail(actionId) })
    },
    onSettled: () => {
      queryClient.invalidateQueries({ queryKey: historyKeys.of('actions', actionId) })
      queryClient.invalidateQueries({ queryKey: actionKeys.lists })
    },
  })
}
