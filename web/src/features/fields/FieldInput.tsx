import type { Field } from '../../api'
import FieldChoices from './FieldChoices'
import type { FormValue, RelatedFields } from './fieldValues'

interface Props {
  field: Field
  value: FormValue
  onChange: (value: FormValue) => void
  errors?: string[]
  /** Makes element ids unique when several forms are on a page. */
  idPrefix: string
  /** The action's account, which reads the choices of a field with `optionsFrom`. */
  accountId?: string | null
  /** The action's other fields, whose values a field's choices may need (`optionsNeed`). */
  related?: RelatedFields
}

/** One template field, rendered by its kind, with its help text and errors. */
export default function FieldInput({ field, value, onChange, errors, idPrefix, accountId, related }: Props) {
  const id = `${idPrefix}-${field.key}`
  const helpId = field.help ? `${id}-help` : undefined
  const errorId = errors?.length ? `${id}-error` : undefined
  const describedBy = [errorId, helpId].filter(Boolean).join(' ') || undefined
  const common = { id, 'aria-describedby': describedBy, 'aria-invalid': errors?.length ? true : undefined }

  let control
  switch (field.kind) {
    case 'Boolean':
      return (
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {field.label}
          </label>
          <FieldNotes helpId={helpId} help={field.help} errorId={errorId} errors={errors} />
        </div>
      )
    case 'KeyValue':
      return (
        <fieldset className="field" aria-describedby={describedBy}>
          <legend>{field.label}</legend>
          <KeyValueRows label={field.label} rows={value as [string, string][]} onChange={onChange} />
          <FieldNotes helpId={helpId} help={field.help} errorId={errorId} errors={errors} />
        </fieldset>
      )
    case 'LongText':
    case 'Json':
      control = (
        <textarea
          {...common}
          rows={field.kind === 'Json' ? 6 : 4}
          className={field.kind === 'Json' ? 'mono' : undefined}
          placeholder={field.placeholder ?? undefined}
          required={field.required}
          value={value as string}
          onChange={(e) => onChange(e.target.value)}
        />
      )
      break
    case 'Select':
      control = (
        <select {...common} required={field.required} value={value as string} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose…</option>
          {field.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )
      break
    default:
      control = field.optionsFrom ? (
        <FieldChoices
          field={field}
          operation={field.optionsFrom}
          accountId={accountId}
          related={related}
          value={value as string}
          onChange={onChange}
          control={common}
        />
      ) : (
        <input
          {...common}
          type={field.kind === 'Number' ? 'number' : field.kind === 'Url' ? 'url' : field.kind === 'Secret' ? 'password' : 'text'}
          autoComplete={field.kind === 'Secret' ? 'new-password' : 'off'}
          placeholder={field.placeholder ?? undefined}
          required={field.required}
          value={value as string}
          onChange={(e) => onChange(e.target.value)}
        />
      )
  }

  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {field.required && <span className="muted small"> (required)</span>}
      </label>
      {control}
      <FieldNotes helpId={helpId} help={field.help} errorId={errorId} errors={errors} />
    </div>
  )
}

function FieldNotes({ helpId, help, errorId, errors }: { helpId?: string; help?: string | null; errorId?: string; errors?: string[] }) {
  return (
    <>
      {errorId && (
        <div id={errorId} className="field-error">
          {errors!.join(' ')}
        </div>
      )}
      {help && (
        <div id={helpId} className="muted small">
          {help}
        </div>
      )}
    </>
  )
}

function KeyValueRows({ label, rows, onChange }: { label: string; rows: [string, string][]; onChange: (rows: [string, string][]) => void }) {
  const update = (index: number, row: [string, string]) => onChange(rows.map((r, i) => (i === index ? row : r)))
  return (
    <div className="kv">
      {rows.map(([name, value], i) => (
        <div key={i} className="kv-row">
          <input type="text" aria-label={`${label} name ${i + 1}`} placeholder="Name" value={name} onChange={(e) => update(i, [e.target.value, value])} />
          <input type="text" aria-label={`${label} value ${i + 1}`} placeholder="Value" value={value} onChange={(e) => update(i, [name, e.target.value])} />
          <button type="button" aria-label={`Remove ${label} ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, ['', '']])}>
        Add
      </button>
    </div>
  )
}
