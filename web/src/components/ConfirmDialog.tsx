import { useState, type ReactNode } from 'react'
import ProblemAlert from './ProblemAlert'

interface Props {
  title: string
  children: ReactNode
  /** The label of the button that does it. */
  confirm: string
  pending: boolean
  error: unknown
  onConfirm: () => void
  onClose: () => void
  /**
   * For the gravest changes: what must be typed, exactly, before the confirm button is enabled
   * (`label` names the input, such as "Workspace name").
   */
  typed?: { label: string; expected: string }
}

/** "Are you sure?" before something that cannot be undone; the refusal (403, 409) shows inside. */
export default function ConfirmDialog({ title, children, confirm, pending, error, onConfirm, onClose, typed }: Props) {
  const [text, setText] = useState('')
  const confirmed = !typed || text === typed.expected
  return (
    <div className="backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-text" className="dialog">
        <h2 id="confirm-title">{title}</h2>
        <div id="confirm-text">{children}</div>
        {typed && (
          <div className="field">
            <label htmlFor="confirm-typed">{typed.label}</label>
            <input
              id="confirm-typed"
              type="text"
              autoComplete="off"
              spellCheck={false}
              autoFocus
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && confirmed && !pending) onConfirm()
              }}
              aria-describedby="confirm-typed-hint"
            />
            <div id="confirm-typed-hint" className="muted small">
              Type <strong className="mono">{typed.expected}</strong> to confirm.
            </div>
          </div>
        )}
        <ProblemAlert error={error} />
        <div className="actions-row">
          <button type="button" className="danger" disabled={pending || !confirmed} onClick={onConfirm}>
            {confirm}
          </button>
          <button type="button" autoFocus={!typed} onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  )
}
