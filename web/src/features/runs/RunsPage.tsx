import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { api, type PageOf, type Run } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import Pager from '../../components/Pager'
import { useAddressFilters } from '../../components/useAddressFilters'
import { count, formatTime } from '../../components/wording'
import { actionNamesQuery } from '../actions/queries'
import { runKeys } from './queries'
import { formatDuration, runStatusLabels, runTriggerLabels } from './runFormat'
import RunStatusBadge from './RunStatusBadge'

const pageSize = 20
/** How often the list asks again: runs started by webhooks and schedules appear without a reload. */
const liveEveryMs = 3000
const periods: Record<string, { label: string; ms: number }> = {
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000 },
}

/** `/runs`: every run of the workspace (what ran, how it ended and why), newest first. Filters live in the address. */
export default function RunsPage() {
  const { params, set, page } = useAddressFilters()
  const status = params.get('status') ?? ''
  const actionId = params.get('action') ?? ''
  const trigger = params.get('trigger') ?? ''
  const since = params.get('since') ?? ''
  const filtered = Boolean(status || actionId || trigger || since)

  const runs = useQuery({
    queryKey: runKeys.list({ status, actionId, trigger, since, page }),
    // The period's start is taken at each read, so the list moves on with the clock.
    queryFn: () => {
      const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) })
      if (status) query.set('status', status)
      if (actionId) query.set('actionId', actionId)
      if (trigger) query.set('trigger', trigger)
      if (periods[since]) query.set('from', new Date(Date.now() - periods[since].ms).toISOString())
      return api<PageOf<Run>>(`/api/runs?${query}`)
    },
    placeholderData: keepPreviousData,
    refetchInterval: liveEveryMs,
  })
  const actions = useQuery(actionNamesQuery('runs-filter'))
  const pages = runs.data ? Math.max(1, Math.ceil(runs.data.total / runs.data.pageSize)) : 1

  return (
    <section>
      <h1>Runs</h1>
      <p className="muted">Every run of this workspace: started with Run, by a webhook or on a schedule. The list follows new runs as they come.</p>
      <div className="toolbar">
        <div className="filters">
          <Filter name="status" label="Status" all="All" value={status} onChange={set} options={Object.entries(runStatusLabels)} />
          <Filter name="action" label="Action" all="All actions" value={actionId} onChange={set} options={actions.data?.items.map((a) => [a.id, a.name]) ?? []} />
          <Filter name="trigger" label="Trigger" all="All" value={trigger} onChange={set} options={Object.entries(runTriggerLabels)} />
          <Filter name="since" label="Queued" all="Any time" value={since} onChange={set} options={Object.entries(periods).map(([value, p]) => [value, p.label])} />
        </div>
      </div>
      {runs.error && <ErrorNotice error={runs.error} />}
      {runs.isLoading && <p className="muted">Loading runs…</p>}
      {runs.data && runs.data.items.length === 0 && (
        <p className="muted">
          {filtered ? 'No run matches these filters.' : 'Nothing has run yet. Open an action in '}
          {!filtered && <Link to="/actions">My actions</Link>}
          {!filtered && ' and use Run in its menu, or give it a webhook or a schedule.'}
        </p>
      )}
      {runs.data && runs.data.items.length > 0 && (
        <>
          <table className="table" aria-label="Runs">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Trigger</th>
                <th scope="col">Status</th>
                <th scope="col">Error</th>
                <th scope="col">Started</th>
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
                    <Link to={`/actions/${run.actionId}`}>{run.actionName}</Link>
                  </td>
                  <td>{runTriggerLabels[run.trigger] ?? run.trigger}</td>
                  <td>
                    <RunStatusBadge status={run.status} />
                  </td>
                  <td className="small clamp" title={run.error ?? undefined}>
                    {run.error ?? ''}
                  </td>
                  <td className="small">{formatTime(run.startedAt ?? run.queuedAt)}</td>
                  <td className="small">{formatDuration(run.durationMs)}</td>
                  <td>
                    <Link to={`/runs/${run.id}`} aria-label={`View log of ${run.actionName} at ${formatTime(run.queuedAt)}`}>
                      View log
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pages={pages} onPage={(p) => set('page', String(p))} label="Run pages">
            {count(runs.data.total, 'run')}
          </Pager>
        </>
      )}
    </section>
  )
}

/** One of the list's filters: a labelled dropdown whose empty choice shows everything; it changes the address's `name`. */
function Filter({ name, label, all, value, onChange, options }: { name: string; label: string; all: string; value: string; onChange: (name: string, value: string) => void; options: [string, string][] }) {
  return (
    <span className="inline-row">
      <label htmlFor={`runs-${name}`}>{label}</label>
      <select id={`runs-${name}`} value={value} onChange={(e) => onChange(name, e.target.value)}>
        <option value="">{all}</option>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </span>
  )
}
