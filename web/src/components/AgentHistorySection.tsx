import { useQuery } from '@tanstack/react-query'
import { api, type ActionChange } from '../api'
import ErrorNotice from './ErrorNotice'

const kinds: Record<string, string> = {
  created: 'Created',
  details: 'Name or description changed',
  state: 'State changed',
  published: 'Published',
  behaviors: 'Behaviours saved',
  'action attached': 'Action attached',
  'action detached': 'Action detached',
}

/** Who changed what on the agent, newest first. */
export default function AgentHistorySection({ agentId, version }: { agentId: string; version: number }) {
  const history = useQuery({
    queryKey: ['agent-history', agentId, version],
    queryFn: () => api<ActionChange[]>(`/api/agents/${agentId}/history`),
  })

  return (
    <section aria-labelledby="agent-history-title" className="card section">
      <h2 id="agent-history-title">History</h2>
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
