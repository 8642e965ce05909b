import { useRef, useState, type FormEvent } from 'react'
import { fieldErrorsOf, type AgentView, type Behavior, type BehaviorActionType, type InputMode } from '../api'
import {
  actionPointer,
  actionTypes,
  behaviorPointer,
  fromDraft,
  inputModes,
  metadataLabels,
  metadataOf,
  newAction,
  newBehavior,
  newField,
  paramsPointer,
  referenceCheck,
  shownPointers,
  toDraft,
  type ActionDraft,
  type BehaviorDraft,
} from './behaviorDrafts'
import ProblemAlert from './ProblemAlert'
import { useAgentWrite } from './useAgentWrite'
import { useEditLock } from '../session'

type Errors = Record<string, string[]>

/** The working setup's AI behaviours (003): a list, and an editor that saves them all at once. */
export default function BehaviorsSection({ agent }: { agent: AgentView }) {
  const [drafts, setDrafts] = useState<BehaviorDraft[] | null>(null)
  const save = useAgentWrite<Behavior[]>(agent.id, '/behaviors', 'PUT', (behaviors) => ({ behaviors }))
  const behaviors = agent.working.behaviors
  const locked = useEditLock()

  function edit(addOne: boolean) {
    save.reset()
    setDrafts([...behaviors.map(toDraft), ...(addOne ? [newBehavior()] : [])])
  }

  function submit(e: FormEvent) {
    e.preventDefault()
    if (drafts) save.mutate(drafts.map(fromDraft), { onSuccess: () => setDrafts(null) })
  }

  return (
    <section aria-labelledby="behaviors-title" className="card section">
      <div className="section-head">
        <h2 id="behaviors-title">Behaviours</h2>
        {!drafts && (
          <div className="actions-row">
            {behaviors.length > 0 && (
              <button type="button" disabled={locked.disabled} title={locked.title} onClick={() => edit(false)}>
                Edit behaviours
              </button>
            )}
            <button type="button" disabled={locked.disabled} title={locked.title} onClick={() => edit(true)}>
              Add behaviour
            </button>
          </div>
        )}
      </div>
      <p className="muted small">
        What the agent does when an event happens: its instruction to the AI names each action it may call as{' '}
        <span className="token">%{'{'}action:REFERENCE_ID{'}'}</span>.
      </p>
      <div role="status" className="muted small">
        {save.isPending ? 'Saving…' : save.isSuccess && !drafts ? 'Behaviours saved.' : ''}
      </div>
      {drafts ? (
        <BehaviorsEditor drafts={drafts} setDrafts={setDrafts} errors={fieldErrorsOf(save.error)} error={save.error} pending={save.isPending} onSubmit={submit} onCancel={() => setDrafts(null)} onStructureChange={() => save.reset()} />
      ) : behaviors.length === 0 ? (
        <p className="muted">No behaviours yet.</p>
      ) : (
        <ul className="plain history" aria-label="Behaviours">
          {behaviors.map((b) => (
            <li key={b.id ?? b.name}>
              <h3 className="small-heading">{b.name}</h3>
              <div className="muted small">
                When <span className="token">{b.eventId}</span> ·{' '}
                {b.actionParams.aiBehaviorParams.actionsAttributes.map((a) => `${a.name} (${a.actionType})`).join(', ') || 'no actions'}
              </div>
              <p className="pre small">{b.actionParams.aiBehaviorParams.instruction}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

interface EditorProps {
  drafts: BehaviorDraft[]
  setDrafts: (update: (drafts: BehaviorDraft[] | null) => BehaviorDraft[] | null) => void
  errors: Errors
  error: unknown
  pending: boolean
  onSubmit: (e: FormEvent) => void
  onCancel: () => void
  /** Behaviours or actions were added or removed: errors of the last save no longer point at the right rows. */
  onStructureChange: () => void
}

function BehaviorsEditor({ drafts, setDrafts, errors, error, pending, onSubmit, onCancel, onStructureChange }: EditorProps) {
  const update = (key: string, change: (b: BehaviorDraft) => BehaviorDraft) => setDrafts((all) => all?.map((b) => (b.key === key ? change(b) : b)) ?? null)
  const structure = (change: (all: BehaviorDraft[]) => BehaviorDraft[]) => {
    onStructureChange()
    setDrafts((all) => (all ? change(all) : all))
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Behaviours editor" className="section">
      <ProblemAlert error={error} shown={shownPointers(drafts)} />
      {drafts.length === 0 && <p className="muted">No behaviours: saving removes them all.</p>}
      {drafts.map((b, i) => (
        <BehaviorEditor
          key={b.key}
          index={i}
          draft={b}
          errors={errors}
          onChange={(change) => update(b.key, change)}
          onStructure={(change) => structure((all) => all.map((x) => (x.key === b.key ? change(x) : x)))}
          onRemove={() => structure((all) => all.filter((x) => x.key !== b.key))}
        />
      ))}
      <div className="actions-row">
        <button type="button" onClick={() => structure((all) => [...all, newBehavior()])}>
          Add another behaviour
        </button>
      </div>
      <div className="actions-row">
        <button type="submit" className="primary" disabled={pending}>
          Save behaviours
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

/** Props that tie an input to its errors. */
function errorProps(errors: string[] | undefined, id: string) {
  return { 'aria-invalid': errors ? true : undefined, 'aria-describedby': errors ? `${id}-error` : undefined }
}

function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  return errors ? (
    <div id={`${id}-error`} className="field-error">
      {errors.join(' ')}
    </div>
  ) : null
}

interface BehaviorEditorProps {
  index: number
  draft: BehaviorDraft
  errors: Errors
  onChange: (change: (b: BehaviorDraft) => BehaviorDraft) => void
  onStructure: (change: (b: BehaviorDraft) => BehaviorDraft) => void
  onRemove: () => void
}

function BehaviorEditor({ index: i, draft: b, errors, onChange, onStructure, onRemove }: BehaviorEditorProps) {
  const id = `behavior-${b.key}`
  const instruction = useRef<HTMLTextAreaElement>(null)
  const selection = useRef<[number, number] | null>(null)
  const [picked, setPicked] = useState('')
  const reference = b.actions.some((a) => a.referenceId === picked) ? picked : (b.actions[0]?.referenceId ?? '')
  const check = referenceCheck(b)
  const at = behaviorPointer(i)
  const params = paramsPointer(i)

  function remember() {
    const el = instruction.current
    if (el) selection.current = [el.selectionStart, el.selectionEnd]
  }

  function insert() {
    if (!reference) return
    const token = `%{action:${reference}}`
    const text = b.instruction
    const [start, end] = (selection.current ?? [text.length, text.length]).map((n) => Math.min(n, text.length))
    const next = text.slice(0, start) + token + text.slice(end)
    const cursor = start + token.length
    selection.current = [cursor, cursor]
    onChange((x) => ({ ...x, instruction: next }))
    requestAnimationFrame(() => {
      instruction.current?.focus()
      instruction.current?.setSelectionRange(cursor, cursor)
    })
  }

  const changeAction = (key: string, change: (a: ActionDraft) => ActionDraft) =>
    onChange((x) => ({ ...x, actions: x.actions.map((a) => (a.key === key ? change(a) : a)) }))

  return (
    <fieldset className="behavior" aria-label={`Behaviour ${i + 1}`}>
      <legend>
        Behaviour {i + 1}
        {b.name.trim() ? `: ${b.name}` : ''}
      </legend>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} type="text" maxLength={200} value={b.name} onChange={(e) => onChange((x) => ({ ...x, name: e.target.value }))} {...errorProps(errors[`${at}/name`], `${id}-name`)} />
          <FieldErrors id={`${id}-name`} errors={errors[`${at}/name`]} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-event`}>Trigger event</label>
          <input
            id={`${id}-event`}
            type="text"
            maxLength={64}
            placeholder="card_created"
            className="mono"
            value={b.eventId}
            onChange={(e) => onChange((x) => ({ ...x, eventId: e.target.value }))}
            {...errorProps(errors[`${at}/eventId`], `${id}-event`)}
          />
          <FieldErrors id={`${id}-event`} errors={errors[`${at}/eventId`]} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-instruction`}>Instruction</label>
        <textarea
          id={`${id}-instruction`}
          ref={instruction}
          rows={5}
          maxLength={20000}
          value={b.instruction}
          onSelect={remember}
          onChange={(e) => {
            onChange((x) => ({ ...x, instruction: e.target.value }))
            remember()
          }}
          {...errorProps(errors[`${params}/instruction`], `${id}-instruction`)}
        />
        <FieldErrors id={`${id}-instruction`} errors={errors[`${params}/instruction`]} />
        <div className="reference-picker">
          <label htmlFor={`${id}-reference`} className="small">
            Insert reference
          </label>
          <select id={`${id}-reference`} value={reference} disabled={b.actions.length === 0} onChange={(e) => setPicked(e.target.value)}>
            {b.actions.length === 0 && <option value="">Add an action first</option>}
            {b.actions.map((a, j) => (
              <option key={a.key} value={a.referenceId}>
                {a.name.trim() || `Action ${j + 1}`}
              </option>
            ))}
          </select>
          <button type="button" disabled={!reference} onClick={insert}>
            Insert
          </button>
        </div>
        {(check.unresolved.length > 0 || check.unreferenced.length > 0 || (check.count === 0 && b.actions.length === 0)) && (
          <div role="note" aria-label="Unresolved references" className="notice small">
            <strong>Unresolved references</strong>
            <ul>
              {check.unresolved.map((r) => (
                <li key={r}>
                  <span className="token">%{'{'}action:{r}
                  {'}'}</span> names no action of this behaviour.
                </li>
              ))}
              {check.unreferenced.map((a) => (
                <li key={a.key}>
                  Not referenced: {a.name.trim() || 'an unnamed action'} (<span className="token">%{'{'}action:{a.referenceId}{'}'}</span>)
                </li>
              ))}
              {check.count === 0 && b.actions.length === 0 && <li>The instruction must reference at least one action: add one below.</li>}
            </ul>
          </div>
        )}
      </div>
      <h3 className="small-heading">Actions</h3>
      {b.actions.length === 0 && <p className="muted small">No actions yet.</p>}
      {b.actions.map((a, j) => (
        <ActionEditor
          key={a.key}
          at={actionPointer(i, j)}
          index={j}
          draft={a}
          errors={errors}
          onChange={(change) => changeAction(a.key, change)}
          onRemove={() => onStructure((x) => ({ ...x, actions: x.actions.filter((y) => y.key !== a.key) }))}
          onFieldsChange={(change) => onStructure((x) => ({ ...x, actions: x.actions.map((y) => (y.key === a.key ? change(y) : y)) }))}
        />
      ))}
      <div className="actions-row">
        <button type="button" onClick={() => onStructure((x) => ({ ...x, actions: [...x.actions, newAction()] }))}>
          Add behaviour action
        </button>
        <button type="button" className="bad" onClick={onRemove}>
          Remove behaviour
        </button>
      </div>
    </fieldset>
  )
}

interface ActionEditorProps {
  at: string
  index: number
  draft: ActionDraft
  errors: Errors
  onChange: (change: (a: ActionDraft) => ActionDraft) => void
  onFieldsChange: (change: (a: ActionDraft) => ActionDraft) => void
  onRemove: () => void
}

function ActionEditor({ at, index: j, draft: a, errors, onChange, onFieldsChange, onRemove }: ActionEditorProps) {
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
      {uses.fields && <FieldsEditor id={id} at={`${at}/metadata/fieldsAttributes`} draft={a} errors={errors} onChange={onChange} onStructure={onFieldsChange} />}
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

interface FieldsEditorProps {
  id: string
  at: string
  draft: ActionDraft
  errors: Errors
  onChange: (change: (a: ActionDraft) => ActionDraft) => void
  onStructure: (change: (a: ActionDraft) => ActionDraft) => void
}

function FieldsEditor({ id, at, draft: a, errors, onChange, onStructure }: FieldsEditorProps) {
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
