import { Link } from 'react-router-dom'
import type { Run } from '../../api'
import { formatTime } from '../../components/wording'
import { formatDuration } from './runFormat'

const triggers: Record<string, string> = { manual: 'Manual (Run)', webhook: 'Webhook', schedule: 'Schedule' }

/** The run's details beside its log: its action, what started it, where and when it ran, and how much it did. */
export default function RunFacts({ run }: { run: Run }) {
  return (
    <aside className="action-side card" aria-label="Run details">
      <dl className="facts">
        <dt>Action</dt>
        <dd>
          <Link to={`/actions/${run.actionId}`}>{run.actionName}</Link>
        </dd>
        <dt>Trigger</dt>
        <dd>{triggers[run.trigger] ?? run.trigger}</dd>
        {run.node && (
          <>
            <dt>Node</dt>
            <dd className="small mono">{run.node}</dd>
          </>
        )}
        <dt>Queued</dt>
        <dd className="small">{formatTime(run.queuedAt)}</dd>
        <dt>Started</dt>
        <dd className="small">{formatTime(run.startedAt)}</dd>
        <dt>Ended</dt>
        <dd className="small">{formatTime(run.endedAt)}</dd>
        <dt>Duration</dt>
        <dd className="small">{formatDuration(run.durationMs)}</dd>
        <dt>Activity</dt>
        <dd className="small">
          {run.steps} steps · {run.logLines} log lines · {run.connectorCalls} connector calls
        </dd>
      </dl>
    </aside>
  )
}
