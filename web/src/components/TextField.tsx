import type { ReactNode } from 'react'

interface Props {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  type?: 'text' | 'email' | 'password' | 'date'
  /** Shown under the input and read with it (aria-describedby). */
  hint?: ReactNode
  /** The field's errors of a 422 answer. */
  errors?: string[]
  autoComplete?: string
  autoFocus?: boolean
  maxLength?: number
  min?: string
  max?: string
  disabled?: boolean
  /** The id of a `<datalist>` of suggestions. */
  list?: string
  placeholder?: string
  inputMode?: 'numeric' | 'text'
}

/** A labelled input with its hint and its errors, as the other forms show them. */
export default function TextField({ id, label, value, onChange, type = 'text', hint, errors, autoComplete, autoFocus, maxLength, min, max, disabled, list, placeholder, inputMode }: Props) {
  const described = [errors?.length ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        maxLength={maxLength}
        min={min}
        max={max}
        disabled={disabled}
        list={list}
        placeholder={placeholder}
        inputMode={inputMode}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={described || undefined}
      />
      {errors && errors.length > 0 && (
        <div id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </div>
      )}
      {hint && (
        <div id={`${id}-hint`} className="muted small">
          {hint}
        </div>
      )}
    </div>
  )
}
