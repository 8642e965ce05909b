import { useState, type FormEvent } from 'react'
import { fieldErrorsOf, type ActionView } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import { useActionWrite } from './useActionWrite'

/** "Edit Name" of the action menu. */
export default function RenameActionForm({ action, onDone }: { action: ActionView; onDone: () => void }) {
  const [name, setName] = useState(action.name)
  const rename = useActionWrite<string>(action.id, '/name', 'PUT', (name) => ({ name }), (saved) => `Renamed to “${saved.name}”.`)
  const errors = fieldErrorsOf(rename.error)['/name']

  function submit(e: FormEvent) {
    e.preventDefault()
    rename.mutate(name, { onSuccess: onDone })
  }

  return (
    <form className="inline-form card" aria-label="Edit name" onSubmit={submit} noValidate>
      <ProblemAlert error={rename.error} shown={['/name']} />
      <label htmlFor="rename-name">Name</label>
      <input
        id="rename-name"
        type="text"
        maxLength={200}
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? 'rename-name-error' : undefined}
      />
      <button type="submit" className="primary" disabled={rename.isPending}>
        Save
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {errors && (
        <div id="rename-name-error" className="field-error">
          {errors.join(' ')}
        </div>
      )}
    </form>
  )
}
