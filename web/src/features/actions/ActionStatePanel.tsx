import { Link } from 'react-router-dom'
import type { ActionState, ActionView } from '../../api'
import StateSelect from '../../components/StateSelect'
import { useCanEdit } from '../session/session'
import ActionReadiness from './ActionReadiness'
import { useActionWrite } from './useActionWrite'

/** The State dropdown: Active or Paused once published; a draft first needs its setup finished. */
export default function ActionStatePanel({ action }: { action: ActionView }) {
  const change = useActionWrite<ActionState>(action.id, '/state', 'PUT', (state) => ({ state }))
  const canEdit = useCanEdit()

  if (action.state === 'draft')
    return (
      <div className="field">
        <label htmlFor="action-state">State</label>
        <select id="action-state" aria-label="State" disabled value="draft">
          <option value="draft">Draft</option>
        </select>
        <p className="muted small">A draft is not available to agents until it is saved with Save action.</p>
        {canEdit && <Link to={`/actions/${action.id}/configure`}>Continue setup</Link>}
        <ActionReadiness action={action} />
      </div>
    )

  return (
    <>
      <StateSelect id="action-state" state={action.state} change={change} />
      <ActionReadiness action={action} />
    </>
  )
}
