import type { AccountField } from '../../api'
import FieldInput from '../fields/FieldInput'

/** The fields of a method (an API key, a token, a user name and password), as the connect and update forms ask for them. */
export default function MethodFields({
  fields,
  values,
  errors,
  idPrefix,
  onChange,
  secretsSet,
}: {
  fields: AccountField[]
  values: Record<string, string>
  errors: Record<string, string[]>
  idPrefix: string
  onChange: (key: string, value: string) => void
  /** For "Update key": the secret fields that are set, which may be left empty to keep them. */
  secretsSet?: string[]
}) {
  return (
    <>
      {fields.map((field) => {
        const kept = field.kind === 'Secret' && secretsSet?.includes(field.key)
        const shown = kept
          ? { ...field, required: false, help: ['Leave it empty to keep the current one.', field.help].filter(Boolean).join(' ') }
          : field
        return (
          <FieldInput
            key={field.key}
            idPrefix={idPrefix}
            field={shown}
            value={values[field.key] ?? ''}
            errors={errors[`/values/${field.key}`]}
            onChange={(value) => onChange(field.key, typeof value === 'string' ? value : String(value))}
          />
        )
      })}
    </>
  )
}
