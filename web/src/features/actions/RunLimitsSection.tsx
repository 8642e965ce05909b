import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { fieldErrorsOf, send } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import TextField from '../../components/TextField'
import { useEditLock } from '../session/session'
import { actionKeys, runSettingsQuery, type RunLimit, type RunSettings } from './queries'

const limits: { key: RunLimit; label: string }[] = [
  { key: 'timeoutSeconds', label: 'Time limit (seconds)' },
  { key: 'memoryMegabytes', label: 'Memory (MB)' },
  { key: 'maxStatements', label: 'Statements' },
  { key: 'maxRecursion', label: 'Recursion depth' },
  { key: 'maxLogLines', label: 'Log lines' },
]

/** The action's run limits: each empty one takes the server's default, shown as its placeholder. */
export default function RunLimitsSection({ actionId }: { actionId: string }) {
  const settings = useQuery(runSettingsQuery(actionId))
  return (
    <section aria-labelledby="limits-title" className="card section">
      <h2 id="limits-title">Run limits</h2>
      {settings.error && <ErrorNotice error={settings.error} />}
      {settings.data && <RunLimitsForm actionId={actionId} saved={settings.data} />}
    </section>
  )
}

function RunLimitsForm({ actionId, saved }: { actionId: string; saved: RunSettings }) {
  const queryClient = useQueryClient()
  const locked = useEditLock()
  const [values, setValues] = useState<Record<RunLimit, string>>(() => Object.fromEntries(limits.map((l) => [l.key, saved.overrides[l.key]?.toString() ?? ''])) as Record<RunLimit, string>)
  const [onNodeLost, setOnNodeLost] = useState(saved.overrides.onNodeLost ?? 'fail')
  const save = useMutation({
    mutationFn: () =>
      send<RunSettings>(`/api/actions/${actionId}/run-settings`, 'PUT', {
        ...Object.fromEntries(limits.map((l) => [l.key, values[l.key].trim() === '' ? null : Number(values[l.key])])),
        onNodeLost,
      }),
    onSuccess: (result) => queryClient.setQueryData(actionKeys.runSettings(actionId), result),
  })
  const errors = fieldErrorsOf(save.error)

  return (
    <form
      aria-label="Run limits"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate()
      }}
    >
      <p className="muted small">A run that breaks a limit fails with the reason. Leave a field empty for this server's default (shown greyed).</p>
      <ProblemAlert error={save.error} shown={[...limits.map((l) => `/${l.key}`), '/onNodeLost']} />
      <fieldset className="bare" disabled={locked.disabled} title={locked.title}>
        <div className="grid-2">
          {limits.map((l) => (
            <TextField
              key={l.key}
              id={`limit-${l.key}`}
              label={l.label}
              value={values[l.key]}
              placeholder={String(saved[l.key])}
              inputMode="numeric"
              onChange={(value) => setValues((current) => ({ ...current, [l.key]: value }))}
              errors={errors[`/${l.key}`]}
            />
          ))}
          <div className="field">
            <label htmlFor="limit-onNodeLost">If its node is lost mid-run</label>
            <select id="limit-onNodeLost" value={onNodeLost} onChange={(e) => setOnNodeLost(e.target.value)}>
              <option value="fail">Fail the run</option>
              <option value="retry">Run it again from the start</option>
            </select>
          </div>
        </div>
        <div className="actions-row">
          <button type="submit" disabled={save.isPending}>
            Save limits
          </button>
          <span role="status" className="muted small">
            {save.isPending ? 'Saving…' : save.isSuccess ? 'Limits saved.' : ''}
          </span>
        </div>
      </fieldset>
    </form>
  )
}
