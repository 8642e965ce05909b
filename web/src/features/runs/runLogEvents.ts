import { formatDuration } from './runFormat'

/** One event of `/api/runs/{id}/events`, as its data says it. */
export interface RunEvent {
  type: string
  version: number
  data: Record<string, unknown>
}

export interface LogLine {
  version: number
  at?: string
  text: string
  tone: '' | 'muted' | 'good' | 'bad' | 'warn'
}

/** The events the log listens for (each is its own Server-Sent Events type). */
export const eventTypes = [
  'RunQueued',
  'RunRejected',
  'RunStarted',
  'StepStarted',
  'StepFinished',
  'LogWritten',
  'ConnectorCalled',
  'DocumentCreated',
  'StopRequested',
  'RunSucceeded',
  'RunFailed',
  'RunStopped',
]
/** The events that end a run: the log closes after them. */
export const terminal = new Set(['RunSucceeded', 'RunFailed', 'RunStopped', 'RunRejected'])
/** Events that change what the run's summary shows. */
export const refreshing = new Set(['RunStarted', 'DocumentCreated', 'StopRequested'])

const str = (value: unknown) => (value === null || value === undefined ? '' : String(value))
const ms = (value: unknown) => formatDuration(typeof value === 'number' ? value : Number(value))

/** How an event reads in the log; null for one the log does not show. */
function describe(event: RunEvent): Omit<LogLine, 'version' | 'at'> | null {
  const d = event.data
  switch (event.type) {
    case 'RunQueued': {
      const input = d.input === null || d.input === undefined ? '' : ` with input ${JSON.stringify(d.input)}`
      return { text: `Queued (${str(d.trigger)}) by ${str(d.by)}${input.length > 300 ? input.slice(0, 300) + '…' : input}`, tone: 'muted' }
    }
    case 'RunRejected':
      return { text: `Rejected: ${str(d.reason)}`, tone: 'bad' }
    case 'RunStarted':
      return { text: `Started on ${str(d.node)}`, tone: 'muted' }
    case 'StepStarted':
      return { text: `▶ ${str(d.name)}`, tone: '' }
    case 'StepFinished':
      return d.error ? { text: `✗ ${str(d.name)}: ${str(d.error)}`, tone: 'bad' } : { text: `✓ ${str(d.name)} (${ms(d.durationMs)})`, tone: 'good' }
    case 'LogWritten': {
      const level = str(d.level).toLowerCase()
      const tone = level === 'error' ? 'bad' : level === 'warn' || level === 'warning' ? 'warn' : ''
      return { text: `${level && level !== 'info' ? `[${level}] ` : ''}${str(d.message)}`, tone }
    }
    case 'ConnectorCalled':
      return d.error
        ? { text: `→ ${str(d.operation)}${d.status ? ` ${str(d.status)}` : ''} failed: ${str(d.error)} (${ms(d.durationMs)})`, tone: 'bad' }
        : { text: `→ ${str(d.operation)} ${str(d.status)} (${ms(d.durationMs)})`, tone: '' }
    case 'DocumentCreated':
      return { text: `Document created: ${str(d.name)} (${str(d.mediaType)})`, tone: '' }
    case 'StopRequested':
      return { text: `Stop requested by ${str(d.by)}`, tone: 'warn' }
    case 'RunSucceeded':
      return { text: `Succeeded in ${ms(d.durationMs)}`, tone: 'good' }
    case 'RunFailed':
      return { text: `Failed: ${str(d.error)}${d.line ? ` (line ${str(d.line)})` : ''} after ${ms(d.durationMs)}`, tone: 'bad' }
    case 'RunStopped':
      return { text: `Stopped by ${str(d.by)} after ${ms(d.durationMs)}`, tone: 'warn' }
    default:
      return null
  }
}

/** A line's time of day, to the millisecond. */
export function timeOf(at: string | undefined) {
  if (!at) return ''
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', fractionalSecondDigits: 3 })
}

/** The log's line for an event, or null when the log does not show it. */
export function logLineOf(event: RunEvent): LogLine | null {
  const line = describe(event)
  return line && { ...line, version: event.version, at: str(event.data?.at) || undefined }
}
