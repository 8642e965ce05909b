import { useRef, useState, type ReactNode } from 'react'
import { copyText } from './clipboard'

/** A secret the server shows once (an invitation link, an API key): a read-only input, a copy button, and why to copy it now. */
export default function ShownOnce({ id, label, value, copyLabel, children }: { id: string; label: string; value: string; copyLabel: string; children: ReactNode }) {
  const field = useRef<HTMLInputElement>(null)
  const [message, setMessage] = useState('')
  return (
    <div className="notice" role="note">
      <label htmlFor={id}>{label}</label>
      <div className="inline-row">
        <input id={id} ref={field} type="text" className="mono grow" readOnly value={value} onFocus={(e) => e.target.select()} />
        <button type="button" onClick={async () => setMessage((await copyText(value, field.current)) ? 'Copied.' : 'Select it and copy it.')}>
          {copyLabel}
        </button>
      </div>
      <div className="small">{children}</div>
      <div role="status" className="small">
        {message}
      </div>
    </div>
  )
}
