import { useQuery } from '@tanstack/react-query'
import ErrorNotice from '../../components/ErrorNotice'
import { pluginsQuery } from './queries'

export default function PluginsPage() {
  const plugins = useQuery(pluginsQuery)
  return (
    <section>
      <h1>Plugins</h1>
      {plugins.error && <ErrorNotice error={plugins.error} />}
      <table className="table">
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
    </section>
  )
}
