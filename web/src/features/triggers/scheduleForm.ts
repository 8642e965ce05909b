import type { Schedule, ScheduleInput, ScheduleKind, Weekday } from '../../api'

export const kinds: { value: ScheduleKind; label: string }[] = [
  { value: 'hourly', label: 'Hourly' },
  { value: 'daily', label: 'Daily at time' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'cron', label: 'Cron expression' },
]

export const weekdays: { value: Weekday; label: string }[] = [
  { value: 'monday', label: 'Monday' },
  { value: 'tuesday', label: 'Tuesday' },
  { value: 'wednesday', label: 'Wednesday' },
  { value: 'thursday', label: 'Thursday' },
  { value: 'friday', label: 'Friday' },
  { value: 'saturday', label: 'Saturday' },
  { value: 'sunday', label: 'Sunday' },
]

/** The pointers of the errors the form shows next to its fields. */
export const shownPointers = ['/minute', '/time', '/days', '/dayOfMonth', '/cron', '/timeZone']

/** The schedule as the form holds it while it is edited (numbers as typed). */
export interface ScheduleForm {
  enabled: boolean
  kind: ScheduleKind
  minute: string
  time: string
  days: Weekday[]
  dayOfMonth: string
  cron: string
  timeZone: string
}

/** Changes one value of the form. */
export type SetScheduleValue = <K extends keyof ScheduleForm>(name: K, value: ScheduleForm[K]) => void

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

/** The time zones the browser knows, suggested under Time zone. */
export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return []
  }
}

/** The form for a saved schedule, or for a new one. */
export function formOf(schedule: Schedule | null): ScheduleForm {
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

/** What to send: the fields the chosen frequency uses. */
export function bodyOf(form: ScheduleForm): ScheduleInput {
  const body: ScheduleInput = { enabled: form.enabled, kind: form.kind, timeZone: form.timeZone.trim() }
  if (form.kind === 'hourly') body.minute = form.minute === '' ? null : Number(form.minute)
  if (form.kind === 'daily' || form.kind === 'weekly' || form.kind === 'monthly') body.time = form.time
  if (form.kind === 'weekly') body.days = form.days
  if (form.kind === 'monthly') body.dayOfMonth = form.dayOfMonth === '' ? null : Number(form.dayOfMonth)
  if (form.kind === 'cron') body.cron = form.cron.trim()
  return body
}
