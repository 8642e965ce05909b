import { useQuery } from '@tanstack/react-query'
import { api, type ActionChange } from '../api'
import ErrorNotice from './ErrorNotice'

const kinds: Record<string, string> = {
  created: 'Created',
  intent: 'Intent changed',
  configuration: 'Configuration changed',
  published: 'Published',
  state: 'State changed',
  renamed: 'Renamed',
  code: 'Code edited',
  details: 'Name or description changed',
  behaviors: 'Behaviours saved',
  'action attached': 'Action attached',
  'action detached': 'Action detached',
}

/** Who changed what, newest first: the history of an action or an agent (`path` is its history URL). */
export default function HistorySection({ path, version }: { path: string; version: number }) {
  const history = useQuery({
    queryKey: ['history', path, version],
    queryFn: () => api<ActionChange[]>(path),
  })

  return (
    <section aria-labelledby="history-title" className="card section">
      <h2 id="history-title">History</h2>
      {history.error && <ErrorNotice error={history.error} />}
      {history.data && history.data.length === 0 && <p className="muted">No changes recorded.</p>}
      <ol className="history" aria-label="Changes">
        {history.data?.map((entry) => (
          <li key={`${entry.version}-${entry.kind}-${entry.at}`}>
            <div>
              <strong>{kinds[entry.kind] ?? entry.kind}</strong> <span className="muted small">v{entry.version}</span>
            </div>
            <div className="muted small">
              by {entry.by} · {new Date(entry.at).toLocaleString()}
            </div>
            {entry.changes.length > 0 && <div className="small">Changed: {entry.changes.map((c) => c.field).join(', ')}</div>}
          </li>
        ))}
      </ol>
    </section>
  )
}
