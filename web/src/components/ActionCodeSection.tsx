import { useState } from 'react'
import { fieldErrorsOf, type ActionView } from '../api'
import ProblemAlert from './ProblemAlert'
import { useActionWrite } from './useActionWrite'
import { useCanEdit, viewerReason } from '../session'

/** The action's JavaScript: read-only, with an editor behind "Edit code". */
export default function ActionCodeSection({ action }: { action: ActionView }) {
  const [editing, setEditing] = useState(false)
  const [code, setCode] = useState(action.code)
  const save = useActionWrite<string>(action.id, '/code', 'PUT', (code) => ({ code }))
  const errors = fieldErrorsOf(save.error)['/code']
  const canEdit = useCanEdit()

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
          <textarea
            className="mono code-editor"
            aria-label="Code"
            spellCheck={false}
            rows={16}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-invalid={errors ? true : undefined}
            aria-describedby={errors ? 'code-error' : undefined}
          />
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
