import type { RunStatus } from '../../api'
import { runStatusLabels } from './runFormat'

export default function RunStatusBadge({ status }: { status: RunStatus }) {
  return <span className={`badge badge-run-${status}`}>{runStatusLabels[status] ?? status}</span>
}
