import type { ReactNode } from 'react'
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
}

/** "Are you sure?" before something that cannot be undone; the refusal (403, 409) shows inside. */
export default function ConfirmDialog({ title, children, confirm, pending, error, onConfirm, onClose }: Props) {
  return (
    <div className="backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-text" className="dialog">
        <h2 id="confirm-title">{title}</h2>
        <div id="confirm-text">{children}</div>
        <ProblemAlert error={error} />
        <div className="actions-row">
          <button type="button" className="danger" disabled={pending} onClick={onConfirm}>
            {confirm}
          </button>
          <button type="button" autoFocus onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  )
}
