import type { ScheduleKind } from '../../api'
import { kinds, timeZones, weekdays, type ScheduleForm, type SetScheduleValue } from './scheduleForm'

interface Props {
  form: ScheduleForm
  set: SetScheduleValue
  /** The field errors of the last save, by JSON pointer (`/cron`). */
  errors: Record<string, string[]>
}

/** When the schedule runs: its frequency and what that needs (minute, day, time, cron), its time zone and, weekly, its days. */
export default function ScheduleFields({ form, set, errors }: Props) {
  const zones = timeZones()

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
    <>
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
    </>
  )
}
