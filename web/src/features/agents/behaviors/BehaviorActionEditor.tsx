import type { BehaviorActionType } from '../../../api'
import ActionFieldsEditor from './ActionFieldsEditor'
import { actionTypes, metadataLabels, metadataOf, type ActionDraft } from './behaviorDrafts'
import { errorProps, type Errors } from './errorProps'
import FieldErrors from './FieldErrors'

interface BehaviorActionEditorProps {
  at: string
  index: number
  draft: ActionDraft
  errors: Errors
  onChange: (change: (a: ActionDraft) => ActionDraft) => void
  onFieldsChange: (change: (a: ActionDraft) => ActionDraft) => void
  onRemove: () => void
}

/** One action a behaviour may call: its type, name, the metadata its type uses and, for some types, its fields. */
export default function BehaviorActionEditor({ at, index: j, draft: a, errors, onChange, onFieldsChange, onRemove }: BehaviorActionEditorProps) {
  const id = `action-${a.key}`
  const uses = metadataOf[a.actionType]
  const referenceErrors = errors[`${at}/referenceId`]

  return (
    <fieldset className="behavior-action" aria-label={`Action ${j + 1}`}>
      <legend>
        Action {j + 1}
        {a.name.trim() ? `: ${a.name}` : ''}
      </legend>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-type`}>Action type</label>
          <select id={`${id}-type`} value={a.actionType} onChange={(e) => onChange((x) => ({ ...x, actionType: e.target.value as BehaviorActionType }))} {...errorProps(errors[`${at}/actionType`], `${id}-type`)}>
            {actionTypes.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label} ({t.value})
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-type`} errors={errors[`${at}/actionType`]} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Action name</label>
          <input id={`${id}-name`} type="text" maxLength={200} value={a.name} onChange={(e) => onChange((x) => ({ ...x, name: e.target.value }))} {...errorProps(errors[`${at}/name`], `${id}-name`)} />
          <FieldErrors id={`${id}-name`} errors={errors[`${at}/name`]} />
        </div>
        {uses.text.map((key) => {
          const pointer = `${at}/metadata/${key}`
          return (
            <div className="field" key={key}>
              <label htmlFor={`${id}-${key}`}>{metadataLabels[key]}</label>
              <input
                id={`${id}-${key}`}
                type="text"
                maxLength={200}
                value={a.text[key]}
                onChange={(e) => onChange((x) => ({ ...x, text: { ...x.text, [key]: e.target.value } }))}
                {...errorProps(errors[pointer], `${id}-${key}`)}
              />
              <FieldErrors id={`${id}-${key}`} errors={errors[pointer]} />
            </div>
          )
        })}
      </div>
      {uses.allowModifications && (
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={a.allowTemplateModifications} onChange={(e) => onChange((x) => ({ ...x, allowTemplateModifications: e.target.checked }))} /> Allow template
            modifications
          </label>
          <FieldErrors id={`${id}-allow`} errors={errors[`${at}/metadata/allowTemplateModifications`]} />
        </div>
      )}
      {uses.fields && <ActionFieldsEditor id={id} at={`${at}/metadata/fieldsAttributes`} draft={a} errors={errors} onChange={onChange} onStructure={onFieldsChange} />}
      <div className="muted small">
        Reference ID <span className="token">{a.referenceId}</span>
      </div>
      <FieldErrors id={`${id}-reference`} errors={referenceErrors} />
      <div className="actions-row">
        <button type="button" className="bad" onClick={onRemove}>
          Remove action
        </button>
      </div>
    </fieldset>
  )
}
