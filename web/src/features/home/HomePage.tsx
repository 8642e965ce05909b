import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import ErrorNotice from '../../components/ErrorNotice'
import { formatTime } from '../../components/wording'
import { actionNamesQuery } from '../actions/queries'
import { recentFailuresQuery } from '../runs/queries'
import { nextScheduledQuery } from '../triggers/queries'

/** `/`: what the product is, where to start, what failed lately and what runs next. */
export default function HomePage() {
  const failures = useQuery({ ...recentFailuresQuery, refetchInterval: 10_000 })
  const next = useQuery({ ...nextScheduledQuery, refetchInterval: 30_000 })
  const actions = useQuery(actionNamesQuery('home'))
  const names = new Map(actions.data?.items.map((a) => [a.id, a.name]))

  return (
    <section>
      <h1>Home</h1>
      <p>
        Modular runs actions for your agents and your business processes: each action comes from a template, uses a connected account, and runs when
        you click Run, when a webhook arrives, on a schedule, or when an agent calls it, with a live log and documents as its output.
      </p>
      <div className="cards home">
        <section aria-labelledby="start-title" className="card section">
          <h2 id="start-title">Where to start</h2>
          <ol>
            <li>
              <Link to="/accounts">Connect an account</Link> of the system an action works with (HubSpot, Slack, Google Sheets…).
            </li>
            <li>
              <Link to="/library">Create an action</Link> from a template of the Action Library.
            </li>
            <li>
              <Link to="/agents">Build an agent</Link> that uses your actions.
            </li>
          </ol>
          <p className="muted small">
            Writing code? The <Link to="/script-api">script API</Link> lists what an action's script can use.
          </p>
        </section>
        <section aria-labelledby="failures-title" className="card section">
          <h2 id="failures-title">Recent failures</h2>
          {failures.error && <ErrorNotice error={failures.error} />}
          {failures.data && failures.data.items.length === 0 && <p className="muted">No run has failed.</p>}
          {failures.data && failures.data.items.length > 0 && (
            <ul className="plain home-list" aria-label="Recent failures">
              {failures.data.items.map((run) => (
                <li key={run.id}>
                  <Link to={`/runs/${run.id}`}>{run.actionName}</Link> <span className="muted small">{formatTime(run.queuedAt)}</span>
                  <div className="small bad clamp" title={run.error ?? undefined}>
                    {run.error}
                  </div>
                </li>
              ))}
            </ul>
          )}
          <Link className="small" to="/runs?status=failed">
            Every failed run
          </Link>
        </section>
        <section aria-labelledby="next-title" className="card section">
          <h2 id="next-title">Scheduled next</h2>
          {next.error && <ErrorNotice error={next.error} />}
          {next.data && next.data.length === 0 && <p className="muted">No action runs on a schedule. Give one a schedule on its page.</p>}
          {next.data && next.data.length > 0 && (
            <ul className="plain home-list" aria-label="Scheduled next">
              {next.data.map((n) => (
                <li key={`${n.actionId}-${n.at}`}>
                  <Link to={`/actions/${n.actionId}`}>{names.get(n.actionId) ?? 'An action'}</Link> <span className="muted small">{formatTime(n.at)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </section>
  )
}
