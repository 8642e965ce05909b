import type { ActionState } from '../api'

const labels: Record<ActionState, string> = { draft: 'Draft', active: 'Active', paused: 'Paused' }

export default function StateBadge({ state }: { state: ActionState }) {
  return <span className={`badge badge-${state}`}>{labels[state] ?? state}</span>
}
