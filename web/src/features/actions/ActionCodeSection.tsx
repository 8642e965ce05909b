import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense, useState } from 'react'
import { Link } from 'react-router-dom'
import { fieldErrorsOf, type ActionView } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import { scriptApiQuery } from '../scripts/queries'
import { useCanEdit, viewerReason } from '../session/session'
import { useActionWrite } from './useActionWrite'

// CodeMirror is loaded when someone edits code, not with the action page.
const CodeEditor = lazy(() => import('../scripts/CodeEditor'))

/** The action's JavaScript: read-only, with an editor behind "Edit code". */
export default function ActionCodeSection({ action }: { action: ActionView }) {
  const [editing, setEditing] = useState(false)
  const [code, setCode] = useState(action.code)
  const save = useActionWrite<string>(action.id, '/code', 'PUT', (code) => ({ code }), 'Code saved.')
  const errors = fieldErrorsOf(save.error)['/code']
  const canEdit = useCanEdit()
  const scriptApi = useQuery({ ...scriptApiQuery, enabled: editing })

  function start() {
    setCode(action.code)
    save.reset()
    setEditing(true)
  }

  return (
    <section aria-labelledby="code-title" className="card section">
      <div className="section-head">
        <h2 id="code-title">Code</h2>
        {!editing && action.template.available && (
          <button type="button" onClick={start} disabled={!canEdit} title={canEdit ? undefined : viewerReason}>
            Edit code
          </button>
        )}
      </div>
      {action.codeEdited && <p className="muted small">Edited by hand; configuration changes are still applied to it.</p>}
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            save.mutate(code, { onSuccess: () => setEditing(false) })
          }}
        >
          <ProblemAlert error={save.error} shown={['/code']} />
          <Suspense fallback={<p className="muted">Loading the editor…</p>}>
            <CodeEditor
              label="Code"
              value={code}
              onChange={setCode}
              scriptApi={scriptApi.data}
              invalid={!!errors}
              describedBy={errors ? 'code-error code-help' : 'code-help'}
            />
          </Suspense>
          <p id="code-help" className="muted small">
            Ctrl+Space completes the script API; point at a name for its description. All of it:{' '}
            <Link to="/script-api">the script API reference</Link>.
          </p>
          {errors && (
            <div id="code-error" className="field-error">
              {errors.join(' ')}
            </div>
          )}
          <div className="actions-row">
            <button type="submit" className="primary" disabled={save.isPending}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <pre className="code">{action.code}</pre>
      )}
    </section>
  )
}
