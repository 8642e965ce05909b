import type { Schedule } from '../../api'

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

/** When the saved schedule runs the action next, as the clock reads in its time zone. */
export default function NextRuns({ schedule }: { schedule: Schedule }) {
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
