import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { ApiError, type Field } from '../../api'
import { accountOptionsQuery } from '../accounts/queries'
import type { RelatedFields } from './fieldValues'

interface Props {
  field: Field
  /** The connector operation that lists the choices (the field's `optionsFrom`). */
  operation: string
  /** The account the choices are read with; without one the value is typed. */
  accountId?: string | null
  /** The action's other fields: the values the operation needs (`field.optionsNeed`) are read from them. */
  related?: RelatedFields
  value: string
  onChange: (value: string) => void
  /** The control's id and ARIA attributes, as FieldInput sets them. */
  control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }
}

/**
 * A field whose choices come from the connected system (Slack channels, deal stages): a dropdown read with
 * the account, or a text input when there is no account or the choices cannot be read.
 */
export default function FieldChoices({ field, operation, accountId, related, value, onChange, control }: Props) {
  const noteId = `${control.id}-choices`
  const common = { ...control, 'aria-describedby': [control['aria-describedby'], noteId].filter(Boolean).join(' ') }
  const needs = field.optionsNeed ?? []
  const missing = needs.filter((key) => textOf(related?.[key]?.value) === '')
  // What the choices depend on settles before they are read again: typing a spreadsheet's id is not a read per key.
  const current = JSON.stringify(Object.fromEntries(needs.map((key) => [key, textOf(related?.[key]?.value)])))
  const input = useSettled(current)
  const settled = input === current
  const choices = useQuery({
    ...accountOptionsQuery(accountId, operation, input),
    enabled: !!accountId && missing.length === 0 && settled,
    // A refused read (an account to reconnect, a vendor failure) fails the same way again: Refresh retries it.
    retry: false,
  })
  const loading = choices.isFetching || !settled

  const typed = (
    <input
      {...common}
      type="text"
      autoComplete="off"
      placeholder={field.placeholder ?? undefined}
      required={field.required}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  )
  if (!accountId)
    return (
      <>
        {typed}
        <div id={noteId} className="muted small">
          Connect an account to pick from a list.
        </div>
      </>
    )

  if (missing.length > 0)
    return (
      <>
        {typed}
        <div id={noteId} className="muted small">
          Fill in {missing.map((key) => related?.[key]?.label ?? key).join(' and ')} first to pick from a list.
        </div>
      </>
    )

  const refresh = (
    <button type="button" aria-label={`Refresh the choices of ${field.label}`} disabled={choices.isFetching} onClick={() => choices.refetch()}>
      Refresh
    </button>
  )
  if (choices.error && !loading)
    return (
      <>
        {typed}
        <div id={noteId} className="inline-row">
          <span className="field-error">The choices cannot be loaded: {problemText(choices.error)} Type the value instead.</span>
          {refresh}
        </div>
      </>
    )

  const options = choices.data?.options ?? []
  return (
    <>
      <select {...common} required={field.required} disabled={loading} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{loading ? 'Loading choices…' : 'Choose…'}</option>
        {/* A saved or typed value the system no longer lists stays chosen until another is picked. */}
        {value && !options.some((o) => o.value === value) && <option value={value}>{value} (not listed)</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <div id={noteId} className="inline-row muted small" aria-live="polite">
        <span>
          {loading
            ? 'Loading choices…'
            : options.length === 0
              ? 'There is nothing to choose from.'
              : choices.data?.truncated
                ? `Only the first ${options.length} choices are listed.`
                : null}
        </span>
        {refresh}
      </div>
    </>
  )
}

/** The problem's own words; a 422 also names what could not be read (the operation, its input). */
function problemText(error: Error): string {
  if (!(error instanceof ApiError)) return error.message
  const errors = Object.values(error.problem.errors ?? {}).flat()
  return [error.message, ...errors].join(' ')
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : ''
}

/** The value once it has stayed the same for a moment. */
function useSettled(value: string, delayMs = 400): string {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs)
    return () => clearTimeout(timer)
  }, [value, delayMs])
  return settled
}
