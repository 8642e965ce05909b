import { useState } from 'react'
import type { ActionView } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import RejectedRunLink from './RejectedRunLink'
import { useStartRun } from './useStartRun'

/** "Run with input…": the run's input as JSON, checked before it is sent. */
export default function RunActionDialog({ action, onClose }: { action: ActionView; onClose: () => void }) {
  const [input, setInput] = useState('{\n  \n}')
  const [invalid, setInvalid] = useState<string | null>(null)
  const start = useStartRun(action.id)

  function submit() {
    if (input.trim()) {
      try {
        JSON.parse(input)
      } catch (error) {
        setInvalid(`The input is not valid JSON: ${error instanceof Error ? error.message : String(error)}`)
        return
      }
    }
    setInvalid(null)
    start.mutate(input)
  }

  return (
    <div className="backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="run-title" className="dialog">
        <form
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
        >
          <h2 id="run-title">Run {action.name}</h2>
          <p className="muted small">The action runs now with this input. Leave it empty to run without input.</p>
          <ProblemAlert error={start.error} />
          <RejectedRunLink error={start.error} />
          <div className="field">
            <label htmlFor="run-input">Input (JSON)</label>
            <textarea
              id="run-input"
              className="mono code-editor"
              rows={8}
              spellCheck={false}
              value={input}
              onChange={(e) => setInput(e.target.value)}
              aria-invalid={invalid ? true : undefined}
              aria-describedby={invalid ? 'run-input-error' : undefined}
            />
            {invalid && (
              <div id="run-input-error" className="field-error">
                {invalid}
              </div>
            )}
          </div>
          <div className="actions-row">
            <button type="submit" className="primary" disabled={start.isPending}>
              {start.isPending ? 'Starting…' : 'Run now'}
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  )
}
