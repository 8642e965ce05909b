import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import ErrorNotice from '../../components/ErrorNotice'
import { operationsQuery, pluginsQuery } from './queries'

/** `/plugins`: the loaded plugins with their load errors, and every connector operation with its doc page. */
export default function PluginsPage() {
  const plugins = useQuery(pluginsQuery)
  const operations = useQuery(operationsQuery)
  return (
    <section>
      <h1>Plugins</h1>
      {plugins.error && <ErrorNotice error={plugins.error} />}
      <table className="table" aria-label="Plugins">
        <thead>
          <tr>
            <th>Plugin</th>
            <th>Status</th>
            <th>Version</th>
            <th>Connectors</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {plugins.data?.map((p) => (
            <tr key={p.name}>
              <td>{p.name}</td>
              <td className={p.status === 'failed' ? 'bad' : 'good'}>{p.status}</td>
              <td>{p.version ?? '—'}</td>
              <td>{p.connectors.join(', ') || '—'}</td>
              <td>{p.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="page-section">Operations</h2>
      <p className="muted small">What scripts may call, each with its doc page; an operation can be run from there with an account.</p>
      {operations.error && <ErrorNotice error={operations.error} />}
      <table className="table" aria-label="Operations">
        <thead>
          <tr>
            <th>Operation</th>
            <th>Script call</th>
            <th>Effect</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {operations.data?.map((o) => (
            <tr key={o.id}>
              <td>
                <Link to={`/plugins/operations/${encodeURIComponent(o.id)}`}>{o.displayName}</Link>
              </td>
              <td>
                <code>{o.call}</code>
              </td>
              <td>{o.effect}</td>
              <td>{o.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
