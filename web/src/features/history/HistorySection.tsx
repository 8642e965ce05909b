import { useQuery, type UseMutationResult } from '@tanstack/react-query'
import { useState } from 'react'
import ConfirmDialog from '../../components/ConfirmDialog'
import ErrorNotice from '../../components/ErrorNotice'
import { useCanEdit, viewerReason } from '../session/session'
import { lineDiff } from './lineDiff'
import { historyQuery, type HistorySubject } from './queries'

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
  restored: 'Restored an earlier version',
}

interface Props {
  subject: HistorySubject
  id: string
  /** The subject's current version: the history reloads when it moves. */
  version: number
  /** "Restore this version" on each earlier entry, where the subject has it (actions). */
  restore?: UseMutationResult<unknown, Error, number>
}

/** Who changed what, newest first, each change shown from → to: the history of an action or an agent. */
export default function HistorySection({ subject, id, version, restore }: Props) {
  const history = useQuery(historyQuery(subject, id, version))
  const [open, setOpen] = useState<number[]>([])
  const [restoring, setRestoring] = useState<number | null>(null)
  const canEdit = useCanEdit()

  return (
    <section aria-labelledby="history-title" className="card section">
      <h2 id="history-title">History</h2>
      {history.error && <ErrorNotice error={history.error} />}
      {history.data && history.data.length === 0 && <p className="muted">No changes recorded.</p>}
      <ol className="history" aria-label="Changes">
        {history.data?.map((entry, index) => {
          const key = `${entry.version}-${entry.kind}-${entry.at}`
          const shown = open.includes(index)
          return (
            <li key={key}>
              <div>
                <strong>{kinds[entry.kind] ?? entry.kind}</strong> <span className="muted small">v{entry.version}</span>
              </div>
              <div className="muted small">
                by {entry.by} · {new Date(entry.at).toLocaleString()}
              </div>
              {entry.changes.length > 0 && <div className="small">Changed: {entry.changes.map((c) => c.field).join(', ')}</div>}
              <div className="actions-row small">
                {entry.changes.length > 0 && (
                  <button
                    type="button"
                    aria-expanded={shown}
                    onClick={() => setOpen(shown ? open.filter((i) => i !== index) : [...open, index])}
                  >
                    {shown ? 'Hide changes' : 'Show changes'}
                  </button>
                )}
                {restore && index > 0 && (
                  <button
                    type="button"
                    disabled={!canEdit}
                    title={canEdit ? undefined : viewerReason}
                    onClick={() => {
                      restore.reset()
                      setRestoring(entry.version)
                    }}
                  >
                    Restore this version
                  </button>
                )}
              </div>
              {shown && (
                <dl className="changes">
                  {entry.changes.map((change) => (
                    <Change key={change.field} {...change} />
                  ))}
                </dl>
              )}
            </li>
          )
        })}
      </ol>
      {restore && restoring !== null && (
        <ConfirmDialog
          title={`Restore version ${restoring}?`}
          confirm="Restore"
          pending={restore.isPending}
          error={restore.error}
          onConfirm={() => restore.mutate(restoring, { onSuccess: () => setRestoring(null) })}
          onClose={() => setRestoring(null)}
        >
          <p>
            The name, intent, configuration, description and code go back to what they were at version {restoring}, saved as a new
            version, so this too can be undone from the history. The state and the account stay as they are.
          </p>
        </ConfirmDialog>
      )}
    </section>
  )
}

/** Text as the reader knows it: strings as they are, anything else as indented JSON. */
function asText(value: unknown): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2)
}

/** One field's change: short values from → to, longer text (code, description, JSON) as a line diff. */
function Change({ field, from, to }: { field: string; from: unknown; to: unknown }) {
  const before = asText(from)
  const after = asText(to)
  const short = !before.includes('\n') && !after.includes('\n') && before.length + after.length < 120
  return (
    <>
      <dt>{field}</dt>
      <dd>
        {short ? (
          <span>
            <del>{before || '(empty)'}</del> → <ins>{after || '(empty)'}</ins>
          </span>
        ) : (
          <pre className="diff" aria-label={`Changes to ${field}`} tabIndex={0}>
            {lineDiff(before, after).map((line, i) => (
              <div key={i} className={`diff-${line.kind}`}>
                <span aria-hidden="true">{line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}</span>
                {line.kind === 'added' ? <ins>{line.text}</ins> : line.kind === 'removed' ? <del>{line.text}</del> : line.text}
              </div>
            ))}
          </pre>
        )}
      </dd>
    </>
  )
}
