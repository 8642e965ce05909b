import { useQuery } from '@tanstack/react-query'
import { Link, useParams } from 'react-router-dom'
import { isRunEnded, type Run } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import { runQuery } from './queries'
import RunDocuments from './RunDocuments'
import RunFacts from './RunFacts'
import RunHeader from './RunHeader'
import RunLog from './RunLog'
import RunOutcome from './RunOutcome'
import RunStatusBadge from './RunStatusBadge'
import { useStopRun } from './useStopRun'

/** `/runs/:runId`: one run, its live log (Server-Sent Events), the stop control and its documents. */
export default function RunPage() {
  const { runId } = useParams()
  const run = useQuery(runQuery(runId))

  if (run.error)
    return (
      <section>
        <h1>Run</h1>
        <ErrorNotice error={run.error} />
        <Link to="/actions">Back to My actions</Link>
      </section>
    )
  if (!run.data) return <p className="muted">Loading…</p>
  return <RunDetails key={run.data.id} run={run.data} />
}

function RunDetails({ run }: { run: Run }) {
  const ended = isRunEnded(run.status)
  const stop = useStopRun(run.id)
  const stopping = !ended && (stop.isSuccess || !!run.stopRequestedBy)

  return (
    <section>
      <RunHeader run={run} stop={stop} stoppable={!ended && !stopping} />
      <ProblemAlert error={stop.error} />
      <div className="run-summary">
        <RunStatusBadge status={run.status} />
        <RunOutcome run={run} stopping={stopping} />
      </div>
      <div className="action-layout">
        <div className="action-main">
          <RunLog runId={run.id} />
          <RunDocuments run={run} ended={ended} />
        </div>
        <RunFacts run={run} />
      </div>
    </section>
  )
}
