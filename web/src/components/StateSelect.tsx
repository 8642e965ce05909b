import type { UseMutationResult } from '@tanstack/react-query'
import ProblemAlert from './ProblemAlert'
import { useCanEdit, viewerReason } from '../features/session/session'

/** The Active / Paused dropdown of an action or an agent: it saves on change and says so. */
export default function StateSelect<TData, TState extends string>({
  id,
  state,
  change,
}: {
  id: string
  state: string
  change: UseMutationResult<TData, Error, TState>
}) {
  const canEdit = useCanEdit()
  return (
    <div className="field">
      <label htmlFor={id}>State</label>
      <select
        id={id}
        aria-label="State"
        value={change.isPending && change.variables ? change.variables : state}
        disabled={change.isPending || !canEdit}
        title={canEdit ? undefined : viewerReason}
        onChange={(e) => change.mutate(e.target.value as TState)}
      >
        <option value="active">Active</option>
        <option value="paused">Paused</option>
      </select>
      <div role="status" className="muted small">
        {change.isPending ? 'Saving…' : change.isSuccess ? 'State saved.' : ''}
      </div>
      <ProblemAlert error={change.error} />
    </div>
  )
}
