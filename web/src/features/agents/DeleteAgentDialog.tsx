import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router-dom'
import { ApiError, deleteVersioned, type AgentView } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import { actionKeys } from '../actions/queries'
import { agentKeys } from './queries'

/** "Delete agent": asks first; the agent's actions are detached, not deleted. */
export default function DeleteAgentDialog({ agent, onClose }: { agent: AgentView; onClose: () => void }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const remove = useMutation({
    // The version last read: a 409 (changed meanwhile) reloads the agent, so a second try uses the new one.
    mutationFn: () =>
      deleteVersioned(`/api/agents/${agent.id}`, queryClient.getQueryData<AgentView>(agentKeys.detail(agent.id))?.version ?? agent.version),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: agentKeys.detail(agent.id) })
      queryClient.invalidateQueries({ queryKey: agentKeys.lists })
      queryClient.invalidateQueries({ queryKey: actionKeys.lists })
      queryClient.invalidateQueries({ queryKey: actionKeys.details })
      navigate('/agents')
    },
    onError: (error) => {
      if (error instanceof ApiError && error.problem.status === 409) queryClient.invalidateQueries({ queryKey: agentKeys.detail(agent.id) })
    },
  })

  return (
    <div className="backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="delete-agent-title" aria-describedby="delete-agent-text" className="dialog">
        <h2 id="delete-agent-title">Delete {agent.name}</h2>
        <p id="delete-agent-text">
          Delete this agent? This cannot be undone. Its actions are detached, not deleted: they stay in My actions.
        </p>
        <ProblemAlert error={remove.error} />
        <div className="actions-row">
          <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
            Delete agent
          </button>
          <button type="button" autoFocus onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  )
}
