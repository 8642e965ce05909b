import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { isRunEnded } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import Pager from '../../components/Pager'
import { count, formatTime } from '../../components/wording'
import { actionRunsQuery } from './queries'
import { formatDuration, runTriggerLabels } from './runFormat'
import RunStatusBadge from './RunStatusBadge'

const pageSize = 10

/** The action's runs, newest first, following new ones. */
export default function ActionRunsSection({ actionId }: { actionId: string }) {
  const [page, setPage] = useState(1)
  const runs = useQuery({
    ...actionRunsQuery(actionId, page, pageSize),
    placeholderData: keepPreviousData,
    // Quicker while one of them is still going; a run started by a webhook or a schedule appears within seconds.
    refetchInterval: (query) => (query.state.data?.items.some((r) => !isRunEnded(r.status)) ? 2000 : 5000),
  })
  const pages = runs.data ? Math.max(1, Math.ceil(runs.data.total / runs.data.pageSize)) : 1

  return (
    <section aria-labelledby="runs-title" className="card section">
      <h2 id="runs-title">Runs</h2>
      {runs.error && <ErrorNotice error={runs.error} />}
      {runs.isLoading && <p className="muted">Loading runs…</p>}
      {runs.data && runs.data.items.length === 0 && <p className="muted">This action has not run yet. Use Run in the action menu to run it now.</p>}
      {runs.data && runs.data.items.length > 0 && (
        <>
          <table className="table" aria-label="Runs">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Trigger</th>
                <th scope="col">Queued</th>
                <th scope="col">Duration</th>
                <th scope="col">
                  <span className="visually-hidden">Log</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((run) => (
                <tr key={run.id}>
                  <td>
                    <RunStatusBadge status={run.status} />
                  </td>
                  <td>{runTriggerLabels[run.trigger] ?? run.trigger}</td>
                  <td className="small">{formatTime(run.queuedAt)}</td>
                  <td className="small">{formatDuration(run.durationMs)}</td>
                  <td>
                    <Link to={`/runs/${run.id}`} aria-label={`View log of the run of ${formatTime(run.queuedAt)}`}>
                      View log
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <Pager page={page} pages={pages} onPage={setPage} label="Run pages">
              {count(runs.data.total, 'run')}
            </Pager>
          )}
        </>
      )}
    </section>
  )
}
