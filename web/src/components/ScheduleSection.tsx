import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api, ApiError, fieldErrorsOf, send, type ActionState, type Schedule, type ScheduleInput, type ScheduleKind, type Weekday } from '../api'
import ErrorNotice from './ErrorNotice'
import ProblemAlert from './ProblemAlert'
import { useEditLock } from '../session'

const kinds: { value: ScheduleKind; label: string }[] = [
  { value: 'hourly', label: 'Hourly' },
  { value: 'daily', label: 'Daily at time' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'cron', label: 'Cron expression' },
]

const weekdays: { value: Weekday; label: string }[] = [
  { value: 'monday', label: 'Monday' },
  { value: 'tuesday', label: 'Tuesday' },
  { value: 'wednesday', label: 'Wednesday' },
  { value: 'thursday', label: 'Thursday' },
  { value: 'friday', label: 'Friday' },
  { value: 'saturday', label: 'Saturday' },
  { value: 'sunday', label: 'Sunday' },
]

const shown = ['/minute', '/time', '/days', '/dayOfMonth', '/cron', '/timeZone']

interface ScheduleForm {
  enabled: boolean
  kind: ScheduleKind
  minute: string
  time: string
  days: Weekday[]
  dayOfMonth: string
  cron: string
  timeZone: string
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return []
  }
}

function formOf(schedule: Schedule | null): ScheduleForm {
  // A schedule never saved has no cron expression yet: start from the browser's time zone.
  const saved = !!schedule?.cronExpression
  return {
    enabled: schedule?.enabled ?? false,
    kind: kinds.some((k) => k.value === schedule?.kind) ? schedule!.kind : 'daily',
    minute: String(schedule?.minute ?? 0),
    time: schedule?.time ?? '09:00',
    days: schedule?.days ?? ['monday'],
    dayOfMonth: String(schedule?.dayOfMonth ?? 1),
    cron: schedule?.cron ?? '0 9 * * 1-5',
    timeZone: saved && schedule?.timeZone ? schedule.timeZone : browserTimeZone(),
  }
}

function bodyOf(form: ScheduleForm): ScheduleInput {
  const body: ScheduleInput = { enabled: form.enabled, kind: form.kind, timeZone: form.timeZone.trim() }
  if (form.kind === 'hourly') body.minute = form.minute === '' ? null : Number(form.minute)
  if (form.kind === 'daily' || form.kind === 'weekly' || form.kind === 'monthly') body.time = form.time
  if (form.kind === 'weekly') body.days = form.days
  if (form.kind === 'monthly') body.dayOfMonth = form.dayOfMonth === '' ? null : Number(form.dayOfMonth)
  if (form.kind === 'cron') body.cron = form.cron.trim()
  return body
}

/** A fire time as the clock reads in the schedule's time zone, e.g. "Tue, Jun 3, 2025, 09:30 GMT+2". */
function formatIn(at: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(new Date(at))
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(new Date(at))
  }
}

/** The action's schedule trigger. A missing schedule (404) is an empty form. */
export default function ScheduleSection({ actionId, state }: { actionId: string; state: ActionState }) {
  const schedule = useQuery({
    queryKey: ['action-schedule', actionId],
    queryFn: async () => {
      try {
        return await api<Schedule>(`/api/actions/${actionId}/schedule`)
      } catch (error) {
        if (error instanceof ApiError && error.problem.status === 404) return null
        throw error
      }
    },
  })

  return (
    <section aria-labelledby="schedule-title" className="card section">
      <h2 id="schedule-title">Schedule</h2>
      {schedule.error && <ErrorNotice error={schedule.error} />}
      {schedule.isLoading && <p className="muted">Loading…</p>}
      {schedule.data !== undefined && <ScheduleEditor actionId={actionId} state={state} saved={schedule.data} />}
    </section>
  )
}

function ScheduleEditor({ actionId, state, saved }: { actionId: string; state: ActionState; saved: Schedule | null }) {
  const queryClient = useQueryClient()
  const [form, setForm] = useState(() => formOf(saved))
  const save = useMutation({
    mutationFn: (body: ScheduleInput) => send<Schedule>(`/api/actions/${actionId}/schedule`, 'PUT', body),
    onSuccess: (result) => {
      queryClient.setQueryData(['action-schedule', actionId], result)
      setForm(formOf(result))
    },
  })
  const errors = fieldErrorsOf(save.error)
  const zones = timeZones()
  const locked = useEditLock()

  function set<K extends keyof ScheduleForm>(name: K, value: ScheduleForm[K]) {
    setForm((current) => ({ ...current, [name]: value }))
  }

  function invalid(pointer: string) {
    const messages = errors[pointer]
    const id = `schedule-${pointer.slice(1)}-error`
    return {
      attributes: { 'aria-invalid': messages ? true : undefined, 'aria-describedby': messages ? id : undefined },
      message: messages && (
        <div id={id} className="field-error">
          {messages.join(' ')}
        </div>
      ),
    }
  }

  const minute = invalid('/minute')
  const time = invalid('/time')
  const days = invalid('/days')
  const dayOfMonth = invalid('/dayOfMonth')
  const cron = invalid('/cron')
  const timeZone = invalid('/timeZone')

  return (
    <form
      aria-label="Schedule"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate(bodyOf(form))
      }}
    >
      <ProblemAlert error={save.error} shown={shown} />
      <fieldset className="bare" disabled={locked.disabled} title={locked.title}>
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} /> Enable schedule
          </label>
          {form.enabled && state !== 'active' && (
            <p className="muted small">While the action is {state === 'draft' ? 'a draft' : 'paused'}, scheduled runs are recorded as rejected.</p>
          )}
        </div>
        <div className="grid-2">
          <div className="field">
            <label htmlFor="schedule-kind">Frequency</label>
            <select id="schedule-kind" value={form.kind} onChange={(e) => set('kind', e.target.value as ScheduleKind)}>
              {kinds.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          {form.kind === 'hourly' && (
            <div className="field">
              <label htmlFor="schedule-minute">Minute past the hour</label>
              <input
                id="schedule-minute"
                type="number"
                min={0}
                max={59}
                value={form.minute}
                onChange={(e) => set('minute', e.target.value)}
                {...minute.attributes}
              />
              {minute.message}
            </div>
          )}
          {form.kind === 'monthly' && (
            <div className="field">
              <label htmlFor="schedule-day">Day of month</label>
              <input
                id="schedule-day"
                type="number"
                min={1}
                max={31}
                value={form.dayOfMonth}
                onChange={(e) => set('dayOfMonth', e.target.value)}
                {...dayOfMonth.attributes}
              />
              {dayOfMonth.message}
              <span className="muted small">In shorter months, days past the end are skipped.</span>
            </div>
          )}
          {(form.kind === 'daily' || form.kind === 'weekly' || form.kind === 'monthly') && (
            <div className="field">
              <label htmlFor="schedule-time">Time</label>
              <input id="schedule-time" type="time" required value={form.time} onChange={(e) => set('time', e.target.value)} {...time.attributes} />
              {time.message}
            </div>
          )}
          {form.kind === 'cron' && (
            <div className="field">
              <label htmlFor="schedule-cron">Cron expression</label>
              <input
                id="schedule-cron"
                type="text"
                className="mono"
                placeholder="0 9 * * 1-5"
                value={form.cron}
                onChange={(e) => set('cron', e.target.value)}
                aria-invalid={cron.attributes['aria-invalid']}
                aria-describedby={cron.message ? 'schedule-cron-error schedule-cron-help' : 'schedule-cron-help'}
              />
              {cron.message}
              <span id="schedule-cron-help" className="muted small">
                minute hour day-of-month month day-of-week
              </span>
            </div>
          )}
          <div className="field">
            <label htmlFor="schedule-zone">Time zone</label>
            <input
              id="schedule-zone"
              type="text"
              list="schedule-zones"
              autoComplete="off"
              value={form.timeZone}
              onChange={(e) => set('timeZone', e.target.value)}
              {...timeZone.attributes}
            />
            <datalist id="schedule-zones">
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            {timeZone.message}
          </div>
        </div>
        {form.kind === 'weekly' && (
          <fieldset className="field" aria-describedby={days.message ? 'schedule-days-error' : undefined}>
            <legend>Days</legend>
            <div className="inline-row wrap">
              {weekdays.map((d) => (
                <label key={d.value} className="checkbox">
                  <input
                    type="checkbox"
                    checked={form.days.includes(d.value)}
                    onChange={(e) =>
                      set(
                        'days',
                        e.target.checked ? weekdays.map((w) => w.value).filter((w) => w === d.value || form.days.includes(w)) : form.days.filter((w) => w !== d.value),
                      )
                    }
                  />{' '}
                  {d.label}
                </label>
              ))}
            </div>
            {days.message}
          </fieldset>
        )}
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

function NextRuns({ schedule }: { schedule: Schedule }) {
  if (!schedule.enabled) return <p className="muted small">The schedule is off: the action does not run on its own.</p>
  return (
    <div className="next-runs">
      <h3 className="small-heading" id="next-runs-title">
        Next runs
      </h3>
      {schedule.cronExpression && (
        <p className="muted small">
          Cron <span className="token">{schedule.cronExpression}</span> in {schedule.timeZone}
        </p>
      )}
      {schedule.nextFireTimes.length === 0 ? (
        <p className="muted small">No upcoming run.</p>
      ) : (
        <ol aria-labelledby="next-runs-title" className="plain">
          {schedule.nextFireTimes.map((at) => (
            <li key={at}>
              <time dateTime={at}>{formatIn(at, schedule.timeZone)}</time>
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
