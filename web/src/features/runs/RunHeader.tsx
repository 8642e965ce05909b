import type { UseMutationResult } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import type { Run, RunAccepted } from '../../api'
import { useEditLock } from '../session/session'

interface Props {
  run: Run
  stop: UseMutationResult<RunAccepted, Error, void>
  /** Whether Stop is offered: not once the run has ended or a stop was asked for. */
  stoppable: boolean
}

/** The run's heading under its action, and the Stop control. */
export default function RunHeader({ run, stop, stoppable }: Props) {
  const locked = useEditLock()
  return (
    <div className="page-head">
      <div>
        <div className="muted small">
          <Link to="/actions">My actions</Link> / <Link to={`/actions/${run.actionId}`}>{run.actionName}</Link>
        </div>
        <h1>Run of {run.actionName}</h1>
      </div>
      <div className="actions-row">
        {stoppable && (
          <button type="button" className="danger" disabled={stop.isPending || locked.disabled} title={locked.title} onClick={() => stop.mutate()}>
            Stop
          </button>
        )}
      </div>
    </div>
  )
}
