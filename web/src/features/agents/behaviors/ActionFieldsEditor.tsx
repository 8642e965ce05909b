import type { InputMode } from '../../../api'
import { inputModes, newField, type ActionDraft } from './behaviorDrafts'
import { errorProps, type Errors } from './errorProps'
import FieldErrors from './FieldErrors'

interface ActionFieldsEditorProps {
  id: string
  at: string
  draft: ActionDraft
  errors: Errors
  onChange: (change: (a: ActionDraft) => ActionDraft) => void
  onStructure: (change: (a: ActionDraft) => ActionDraft) => void
}

/** The fields a behaviour action fills in, each filled by the AI, copied from another field or given a fixed value. */
export default function ActionFieldsEditor({ id, at, draft: a, errors, onChange, onStructure }: ActionFieldsEditorProps) {
  const setField = (key: string, change: Partial<{ fieldId: string; inputMode: InputMode; value: string }>) =>
    onChange((x) => ({ ...x, fields: x.fields.map((f) => (f.key === key ? { ...f, ...change } : f)) }))

  return (
    <fieldset className="field" aria-describedby={errors[at] ? `${id}-fields-error` : undefined}>
      <legend>Fields</legend>
      {a.fields.length === 0 && <p className="muted small">No fields.</p>}
      {a.fields.map((f, k) => {
        const fieldAt = `${at}/${k}`
        const fid = `${id}-field-${f.key}`
        return (
          <div key={f.key} className="field-row">
            <div>
              <input type="text" aria-label={`Field ${k + 1} ID`} placeholder="Field ID" maxLength={200} value={f.fieldId} onChange={(e) => setField(f.key, { fieldId: e.target.value })} {...errorProps(errors[`${fieldAt}/fieldId`], `${fid}-id`)} />
              <FieldErrors id={`${fid}-id`} errors={errors[`${fieldAt}/fieldId`]} />
            </div>
            <div>
              <select aria-label={`Field ${k + 1} input mode`} value={f.inputMode} onChange={(e) => setField(f.key, { inputMode: e.target.value as InputMode })} {...errorProps(errors[`${fieldAt}/inputMode`], `${fid}-mode`)}>
                {inputModes.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </select>
              <FieldErrors id={`${fid}-mode`} errors={errors[`${fieldAt}/inputMode`]} />
            </div>
            <div>
              <input
                type="text"
                aria-label={`Field ${k + 1} value`}
                placeholder={f.inputMode === 'copy_from' ? 'Field to copy from' : f.inputMode === 'fixed_value' ? 'Value' : 'Filled by the AI'}
                disabled={f.inputMode === 'fill_with_ai'}
                maxLength={10000}
                value={f.inputMode === 'fill_with_ai' ? '' : f.value}
                onChange={(e) => setField(f.key, { value: e.target.value })}
                {...errorProps(errors[`${fieldAt}/value`], `${fid}-value`)}
              />
              <FieldErrors id={`${fid}-value`} errors={errors[`${fieldAt}/value`]} />
            </div>
            <button type="button" aria-label={`Remove field ${k + 1}`} onClick={() => onStructure((x) => ({ ...x, fields: x.fields.filter((y) => y.key !== f.key) }))}>
              Remove
            </button>
          </div>
        )
      })}
      <FieldErrors id={`${id}-fields`} errors={errors[at]} />
      <div>
        <button type="button" onClick={() => onStructure((x) => ({ ...x, fields: [...x.fields, newField()] }))}>
          Add field
        </button>
      </div>
    </fieldset>
  )
}
