import { Link } from 'react-router-dom'
import { withWorkspace, type Run } from '../../api'
import { documentPath } from './queries'
import { formatSize } from './runFormat'

/** The documents the run created: each to download, or to open in the page. */
export default function RunDocuments({ run, ended }: { run: Run; ended: boolean }) {
  return (
    <section aria-labelledby="documents-title" className="card section">
      <h2 id="documents-title">Documents</h2>
      {run.documents.length === 0 ? (
        <p className="muted">{ended ? 'This run created no document.' : 'No document yet.'}</p>
      ) : (
        <ul className="plain documents" aria-label="Documents">
          {run.documents.map((d) => (
            <li key={d.id}>
              <a href={withWorkspace(documentPath(run.id, d.id))} download={d.name}>
                {d.name}
              </a>{' '}
              <Link to={`/runs/${run.id}/documents/${d.id}`} aria-label={`Open ${d.name}`}>
                Open
              </Link>{' '}
              <span className="muted small">
                {d.mediaType} · {formatSize(d.size)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
