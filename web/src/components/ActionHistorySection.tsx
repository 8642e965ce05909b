import { useQuery } from '@tanstack/react-query'
import { api, type ActionChange } from '../api'
import ErrorNotice from './ErrorNotice'

const kinds: Record<string, string> = {
  created: 'Created',
  intent: 'Intent changed',
  configuration: 'Configuration changed',
  published: 'Saved (published)',
  state: 'State changed',
  name: 'Renamed',
  code: 'Code edited',
}

/** Who changed what, newest first. */
export default function ActionHistorySection({ actionId, version }: { actionId: string; version: number }) {
  const history = useQuery({
    queryKey: ['action-history', actionId, version],
    queryFn: () => api<ActionChange[]>(`/api/actions/${actionId}/history`),
  })

  return (
    <section aria-labelledby="history-title" className="card section">
      <h2 id="history-title">History</h2>
      {history.error && <ErrorNotice error={history.error} />}
      {history.data && history.data.length === 0 && <p className="muted">No changes recorded.</p>}
      <ol className="history" aria-label="Changes">
        {history.data?.map((entry) => (
          <li key={entry.version + entry.kind}>
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
