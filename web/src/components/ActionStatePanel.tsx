import { Link } from 'react-router-dom'
import type { ActionState, ActionView } from '../api'
import ProblemAlert from './ProblemAlert'
import { useActionWrite } from './useActionWrite'

/** The State dropdown: Active or Paused once published; a draft first needs its setup finished. */
export default function ActionStatePanel({ action }: { action: ActionView }) {
  const change = useActionWrite<ActionState>(action.id, '/state', 'PUT', (state) => ({ state }))

  if (action.state === 'draft')
    return (
      <div className="field">
        <label htmlFor="action-state">State</label>
        <select id="action-state" aria-label="State" disabled value="draft">
          <option value="draft">Draft</option>
        </select>
        <p className="muted small">A draft is not available to agents until it is saved with Save action.</p>
        <Link to={`/actions/${action.id}/configure`}>Continue setup</Link>
      </div>
    )

  return (
    <div className="field">
      <label htmlFor="action-state">State</label>
      <select
        id="action-state"
        aria-label="State"
        value={change.isPending && change.variables ? change.variables : action.state}
        disabled={change.isPending}
        onChange={(e) => change.mutate(e.target.value as ActionState)}
      >
        <option value="active">Active</option>
        <option value="paused">Paused</option>
      </select>
      <div role="status" className="muted small">
        {change.isPending ? 'Saving…' : change.isSuccess ? 'State saved.' : ''}
      </div>
      <ProblemAlert error={change.error} />
    </div>
  )
}
