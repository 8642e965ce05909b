import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate } from 'react-router-dom'
import { ApiError, deleteVersioned, type ActionView, type AgentUse } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import { isUuid } from '../agents/agentFlow'
import { actionKeys } from './queries'

/** "Delete" of an action's menu (its page's, or its row's in My actions): asks first; refused while agents use the action, naming them. */
export default function DeleteActionDialog({ action, onClose }: { action: Pick<ActionView, 'id' | 'name' | 'version'>; onClose: () => void }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const remove = useMutation({
    // The version last read: a 409 (changed meanwhile) reloads the action, so a second try uses the new one.
    mutationFn: () =>
      deleteVersioned(`/api/actions/${action.id}`, queryClient.getQueryData<ActionView>(actionKeys.detail(action.id))?.version ?? action.version),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: actionKeys.detail(action.id) })
      queryClient.invalidateQueries({ queryKey: actionKeys.lists })
      navigate('/actions')
      onClose()
    },
    onError: () => queryClient.invalidateQueries({ queryKey: actionKeys.detail(action.id) }),
  })

  const problem = remove.error instanceof ApiError ? remove.error.problem : undefined
  const agents = Array.isArray(problem?.agents) ? (problem.agents as AgentUse[]) : undefined

  return (
    <div className="backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="delete-title" aria-describedby="delete-text" className="dialog">
        <h2 id="delete-title">Delete {action.name}</h2>
        <p id="delete-text">Delete this action? This cannot be undone.</p>
        {agents ? (
          <div role="alert" className="error">
            This action is used by {agents.length === 1 ? 'an agent' : `${agents.length} agents`} and cannot be deleted. Remove it from
            these agents first:
            <ul>
              {agents.map((a) => (
                <li key={a.agentId}>{isUuid(a.agentId) ? <Link to={`/agents/${a.agentId}`}>{a.agentName}</Link> : a.agentName}</li>
              ))}
            </ul>
          </div>
        ) : (
          <ProblemAlert error={remove.error} />
        )}
        <div className="actions-row">
          <button type="button" className="danger" disabled={remove.isPending || !!agents} onClick={() => remove.mutate()}>
            Delete
          </button>
          <button type="button" autoFocus onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  )
}
