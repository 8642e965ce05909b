import { Link } from 'react-router-dom'
import { ApiError } from '../../api'

/** A refused run (409) is still recorded: link to it. */
export default function RejectedRunLink({ error }: { error: unknown }) {
  const runId = error instanceof ApiError && typeof error.problem.runId === 'string' ? error.problem.runId : undefined
  if (!runId) return null
  return (
    <p className="small">
      The refusal was recorded: <Link to={`/runs/${runId}`}>see the rejected run</Link>.
    </p>
  )
}
