import { useQuery } from '@tanstack/react-query'
import type { ActionState } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import { scheduleQuery } from './queries'
import ScheduleEditor from './ScheduleEditor'

/** The action's schedule trigger. A missing schedule (404) is an empty form. */
export default function ScheduleSection({ actionId, state }: { actionId: string; state: ActionState }) {
  const schedule = useQuery(scheduleQuery(actionId))

  return (
    <section aria-labelledby="schedule-title" className="card section">
      <h2 id="schedule-title">Schedule</h2>
      {schedule.error && <ErrorNotice error={schedule.error} />}
      {schedule.isLoading && <p className="muted">Loading…</p>}
      {schedule.data !== undefined && <ScheduleEditor actionId={actionId} state={state} saved={schedule.data} />}
    </section>
  )
}
