import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { fieldErrorsOf, send, type ActionState, type Schedule, type ScheduleInput } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import { useEditLock } from '../session/session'
import NextRuns from './NextRuns'
import { triggerKeys } from './queries'
import { bodyOf, formOf, shownPointers, type ScheduleForm } from './scheduleForm'
import ScheduleFields from './ScheduleFields'

/** The schedule's form: on or off, when it runs, and saving it; the saved schedule's next runs under it. */
export default function ScheduleEditor({ actionId, state, saved }: { actionId: string; state: ActionState; saved: Schedule | null }) {
  const queryClient = useQueryClient()
  const [form, setForm] = useState(() => formOf(saved))
  const save = useMutation({
    mutationFn: (body: ScheduleInput) => send<Schedule>(`/api/actions/${actionId}/schedule`, 'PUT', body),
    onSuccess: (result) => {
      queryClient.setQueryData(triggerKeys.schedule(actionId), result)
      setForm(formOf(result))
    },
  })
  const locked = useEditLock()

  function set<K extends keyof ScheduleForm>(name: K, value: ScheduleForm[K]) {
    setForm((current) => ({ ...current, [name]: value }))
  }

  return (
    <form
      aria-label="Schedule"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate(bodyOf(form))
      }}
    >
      <ProblemAlert error={save.error} shown={shownPointers} />
      <fieldset className="bare" disabled={locked.disabled} title={locked.title}>
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} /> Enable schedule
          </label>
          {form.enabled && state !== 'active' && (
            <p className="muted small">While the action is {state === 'draft' ? 'a draft' : 'paused'}, scheduled runs are recorded as rejected.</p>
          )}
        </div>
        <ScheduleFields form={form} set={set} errors={fieldErrorsOf(save.error)} />
        <div className="actions-row">
          <button type="submit" className="primary" disabled={save.isPending}>
            Save schedule
          </button>
          <span role="status" className="muted small">
            {save.isPending ? 'Saving…' : save.isSuccess ? 'Schedule saved.' : ''}
          </span>
        </div>
      </fieldset>
      {saved && <NextRuns schedule={saved} />}
    </form>
  )
}
