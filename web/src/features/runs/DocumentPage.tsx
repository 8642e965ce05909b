import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense } from 'react'
import { Link, useParams } from 'react-router-dom'
import { withWorkspace } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import { documentPath, runDocumentBytesQuery, runDocumentQuery, runQuery } from './queries'
import { formatSize } from './runFormat'

// PDF.js comes with a PDF, not with the console.
const PdfView = lazy(() => import('./PdfView'))

/** The most rows of a CSV document shown as a table; the download has them all. */
const maxRows = 1_000

/** The images the host serves as themselves (DocumentMediaTypes.AllowedBinary): shown with an img element. */
const images = ['image/png', 'image/jpeg', 'image/gif', 'image/webp']

/** How the page shows a document of a media type: what the host serves as something else is only downloaded. */
function viewOf(mediaType: string): 'image' | 'pdf' | 'text' | 'download' {
  const type = mediaType.split(';')[0].trim().toLowerCase()
  if (images.includes(type)) return 'image'
  if (type === 'application/pdf') return 'pdf'
  return type.startsWith('text/') || type === 'application/json' ? 'text' : 'download'
}

/**
 * `/runs/:runId/documents/:documentId`: a document a run created, shown in the page: JSON formatted,
 * CSV and TSV as a table, other text as it is, an image as an image and a PDF drawn by PDF.js. Text is
 * only ever text in the page (never HTML the browser would run), an img element runs nothing, and
 * PDF.js runs no script of the PDF: a document cannot run script.
 */
export default function DocumentPage() {
  const { runId, documentId } = useParams()
  const run = useQuery(runQuery(runId))
  const path = documentPath(runId, documentId)
  const document = run.data?.documents.find((d) => d.id === documentId)
  const view = document ? viewOf(document.mediaType) : undefined
  const content = useQuery({ ...runDocumentQuery(runId, documentId), enabled: view === 'text' })
  const bytes = useQuery({ ...runDocumentBytesQuery(runId, documentId), enabled: view === 'pdf' })

  return (
    <section>
      <div className="muted small">
        {run.data && (
          <>
            <Link to={`/actions/${run.data.actionId}`}>{run.data.actionName}</Link> / <Link to={`/runs/${runId}`}>Run</Link>
          </>
        )}
      </div>
      <div className="page-head">
        <h1>{document?.name ?? 'Document'}</h1>
        <a className="link-button" href={withWorkspace(path)} download={document?.name}>
          Download
        </a>
      </div>
      {document && (
        <p className="muted small">
          {document.mediaType} · {formatSize(document.size)}
        </p>
      )}
      {run.error && <ErrorNotice error={run.error} />}
      {content.error && <ErrorNotice error={content.error} />}
      {bytes.error && <ErrorNotice error={bytes.error} />}
      {(content.isLoading || bytes.isLoading) && <p className="muted">Loading…</p>}
      {content.data !== undefined && document && <Shown text={content.data} mediaType={document.mediaType} />}
      {view === 'image' && document && <img className="document-image" src={withWorkspace(path)} alt={document.name} />}
      {bytes.data && document && (
        <Suspense fallback={<p className="muted">Loading the PDF viewer…</p>}>
          <PdfView data={bytes.data} name={document.name} />
        </Suspense>
      )}
      {view === 'download' && <p className="muted">A document of this type is not shown in the page: download it to open it.</p>}
    </section>
  )
}

function Shown({ text, mediaType }: { text: string; mediaType: string }) {
  const type = mediaType.split(';')[0].trim().toLowerCase()
  const json = type === 'application/json' ? indented(text) : undefined
  if (json !== undefined)
    return (
      <pre className="code wrap" aria-label="Document">
        {json}
      </pre>
    )
  if (type === 'text/csv' || type === 'text/tab-separated-values') {
    const rows = parseDelimited(text, type === 'text/csv' ? ',' : '\t')
    const [head, ...body] = rows
    return (
      <>
        <table className="table" aria-label="Document">
          {head && (
            <thead>
              <tr>
                {head.map((cell, i) => (
                  <th key={i} scope="col">
                    {cell}
                  </th>
                ))}
              </tr>
            </thead>
          )}
          <tbody>
            {body.slice(0, maxRows).map((row, r) => (
              <tr key={r}>
                {row.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {body.length > maxRows && <p className="muted small">The first {maxRows.toLocaleString()} of {body.length.toLocaleString()} rows are shown; the download has them all.</p>}
      </>
    )
  }
  return <pre className="code wrap" aria-label="Document">{text}</pre>
}

/** Rows of a CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) or of a TSV. */
function parseDelimited(text: string, separator: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"' && cell === '' && separator === ',') quoted = true
    else if (c === separator) {
      row.push(cell)
      cell = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += c
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
  }
  return rows
}

/** JSON indented for reading, or undefined when it is not valid JSON after all (then it shows as the text it is). */
function indented(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return undefined
  }
}
