import { useRef, useState } from 'react'
import BehaviorActionEditor from './BehaviorActionEditor'
import { actionPointer, behaviorPointer, newAction, paramsPointer, referenceCheck, type ActionDraft, type BehaviorDraft } from './behaviorDrafts'
import { errorProps, type Errors } from './errorProps'
import FieldErrors from './FieldErrors'

interface BehaviorEditorProps {
  index: number
  draft: BehaviorDraft
  errors: Errors
  onChange: (change: (b: BehaviorDraft) => BehaviorDraft) => void
  onStructure: (change: (b: BehaviorDraft) => BehaviorDraft) => void
  onRemove: () => void
}

/** One behaviour: its name, trigger event, instruction (with references to insert) and actions. */
export default function BehaviorEditor({ index: i, draft: b, errors, onChange, onStructure, onRemove }: BehaviorEditorProps) {
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
        <BehaviorActionEditor
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
