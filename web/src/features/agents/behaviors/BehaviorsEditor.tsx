import type { FormEvent } from 'react'
import ProblemAlert from '../../../components/ProblemAlert'
import BehaviorEditor from './BehaviorEditor'
import { newBehavior, shownPointers, type BehaviorDraft } from './behaviorDrafts'
import type { Errors } from './errorProps'

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

/** The form that edits every behaviour at once; saving sends them all. */
export default function BehaviorsEditor({ drafts, setDrafts, errors, error, pending, onSubmit, onCancel, onStructureChange }: EditorProps) {
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
