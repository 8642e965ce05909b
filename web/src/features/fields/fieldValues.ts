import type { Field } from '../../api'

/** What a form holds for one field while it is being edited. */
export type FormValue = string | boolean | [string, string][]
export type FormValues = Record<string, FormValue>

/** The other fields of an action, by key, that a field's choices can depend on: their labels and current values. */
export type RelatedFields = Record<string, { label: string; value: unknown }>

/** The related fields of a form: the ones being edited (`values`) and the action's saved others (`stored`). */
export function relatedFields(editing: Field[], values: FormValues, others: Field[], stored: Record<string, unknown> | undefined): RelatedFields {
  return Object.fromEntries([
    ...others.map((f) => [f.key, { label: f.label, value: stored?.[f.key] }] as const),
    ...editing.map((f) => [f.key, { label: f.label, value: values[f.key] }] as const),
  ])
}

/** Turns a stored value (or, when there is none, the field's default) into an editable form value. */
export function toFormValue(field: Field, stored: unknown): FormValue {
  const value = stored === undefined || stored === null ? field.default : stored
  switch (field.kind) {
    case 'Boolean':
      return value === true
    case 'KeyValue':
      return value && typeof value === 'object' ? Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]) : []
    case 'Json':
      return value === undefined || value === null ? '' : JSON.stringify(value, null, 2)
    case 'Number':
      return value === undefined || value === null ? '' : String(value)
    default:
      return value === undefined || value === null ? '' : String(value)
  }
}

export function toFormValues(fields: Field[], stored: Record<string, unknown> | undefined): FormValues {
  return Object.fromEntries(fields.map((f) => [f.key, toFormValue(f, stored?.[f.key])]))
}

/** The value to send for one field: `undefined` when empty, or an error when it cannot be read. */
export function fromFormValue(field: Field, value: FormValue): { value?: unknown; error?: string } {
  switch (field.kind) {
    case 'Boolean':
      return { value: value === true }
    case 'KeyValue': {
      const rows = (value as [string, string][]).filter(([k, v]) => k.trim() || v.trim())
      if (rows.some(([k]) => !k.trim())) return { error: `Every entry of ${field.label} needs a name.` }
      return rows.length ? { value: Object.fromEntries(rows.map(([k, v]) => [k.trim(), v])) } : {}
    }
    case 'Json': {
      const text = (value as string).trim()
      if (!text) return {}
      try {
        return { value: JSON.parse(text) }
      } catch {
        return { error: `${field.label} is not valid JSON.` }
      }
    }
    case 'Number': {
      const text = (value as string).trim()
      if (!text) return {}
      const number = Number(text)
      return Number.isFinite(number) ? { value: number } : { error: `${field.label} must be a number.` }
    }
    default: {
      const text = value as string
      return text.trim() ? { value: text } : {}
    }
  }
}

/** Reads a whole form; `errors` is keyed by JSON pointer under `pointer` (e.g. `/configuration/body`). */
export function fromFormValues(fields: Field[], values: FormValues, pointer: string) {
  const result: Record<string, unknown> = {}
  const errors: Record<string, string[]> = {}
  for (const field of fields) {
    const read = fromFormValue(field, values[field.key] ?? toFormValue(field, undefined))
    if (read.error) errors[`${pointer}/${field.key}`] = [read.error]
    else if (read.value !== undefined) result[field.key] = read.value
  }
  return { values: result, errors }
}
