import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { Link, useParams } from 'react-router-dom'
import { api, isRunEnded, send, withWorkspace, type Run, type RunAccepted } from '../api'
import ErrorNotice from '../components/ErrorNotice'
import ProblemAlert from '../components/ProblemAlert'
import RunStatusBadge from '../components/RunStatusBadge'
import { formatDuration, formatSize, formatTime } from '../components/runs'
import { useEditLock } from '../session'

/** `/runs/:runId`: one run, its live log (Server-Sent Events), the stop control and its documents. */
export default function RunPage() {
  const { runId } = useParams()
  const run = useQuery({ queryKey: ['run', runId], queryFn: () => api<Run>(`/api/runs/${runId}`) })

  if (run.error)
    return (
      <section>
        <h1>Run</h1>
        <ErrorNotice error={run.error} />
        <Link to="/actions">Back to My actions</Link>
      </section>
    )
  if (!run.data) return <p className="muted">Loading…</p>
  return <RunDetails key={run.data.id} run={run.data} />
}

const triggers: Record<string, string> = { manual: 'Manual (Run)', webhook: 'Webhook', schedule: 'Schedule' }

function RunDetails({ run }: { run: Run }) {
  const queryClient = useQueryClient()
  const ended = isRunEnded(run.status)
  const stop = useMutation({
    mutationFn: () => send<RunAccepted>(`/api/runs/${run.id}/stop`, 'POST'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['run', run.id] }),
  })
  const stopping = !ended && (stop.isSuccess || !!run.stopRequestedBy)
  const locked = useEditLock()

  return (
    <section>
      <div className="page-head">
        <div>
          <div className="muted small">
            <Link to="/actions">My actions</Link> / <Link to={`/actions/${run.actionId}`}>{run.actionName}</Link>
          </div>
          <h1>Run of {run.actionName}</h1>
        </div>
        <div className="actions-row">
          {!ended && !stopping && (
            <button type="button" className="danger" disabled={stop.isPending || locked.disabled} title={locked.title} onClick={() => stop.mutate()}>
              Stop
            </button>
          )}
        </div>
      </div>
      <ProblemAlert error={stop.error} />
      <div className="run-summary">
        <RunStatusBadge status={run.status} />
        <Outcome run={run} stopping={stopping} />
      </div>
      <div className="action-layout">
        <div className="action-main">
          <RunLog runId={run.id} />
          <section aria-labelledby="documents-title" className="card section">
            <h2 id="documents-title">Documents</h2>
            {run.documents.length === 0 ? (
              <p className="muted">{ended ? 'This run created no document.' : 'No document yet.'}</p>
            ) : (
              <ul className="plain documents" aria-label="Documents">
                {run.documents.map((d) => (
                  <li key={d.id}>
                    <a href={withWorkspace(`/api/runs/${run.id}/documents/${d.id}`)} download={d.name}>
                      {d.name}
                    </a>{' '}
                    <Link to={`/runs/${run.id}/documents/${d.id}`} aria-label={`Open ${d.name}`}>
                      Open
                    </Link>{' '}
                    <span className="muted small">
                      {d.mediaType} · {formatSize(d.size)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <aside className="action-side card" aria-label="Run details">
          <dl className="facts">
            <dt>Action</dt>
            <dd>
              <Link to={`/actions/${run.actionId}`}>{run.actionName}</Link>
            </dd>
            <dt>Trigger</dt>
            <dd>{triggers[run.trigger] ?? run.trigger}</dd>
            {run.node && (
              <>
                <dt>Node</dt>
                <dd className="small mono">{run.node}</dd>
              </>
            )}
            <dt>Queued</dt>
            <dd className="small">{formatTime(run.queuedAt)}</dd>
            <dt>Started</dt>
            <dd className="small">{formatTime(run.startedAt)}</dd>
            <dt>Ended</dt>
            <dd className="small">{formatTime(run.endedAt)}</dd>
            <dt>Duration</dt>
            <dd className="small">{formatDuration(run.durationMs)}</dd>
            <dt>Activity</dt>
            <dd className="small">
              {run.steps} steps · {run.logLines} log lines · {run.connectorCalls} connector calls
            </dd>
          </dl>
        </aside>
      </div>
    </section>
  )
}

/** How the run ended, or where it is. */
function Outcome({ run, stopping }: { run: Run; stopping: boolean }) {
  let text: string
  let tone = ''
  switch (run.status) {
    case 'succeeded':
      text = 'Succeeded'
      tone = 'good'
      break
    case 'failed':
      text = `Failed: ${run.error ?? 'unknown error'}${run.errorLine ? ` (line ${run.errorLine})` : ''}`
      tone = 'bad'
      break
    case 'stopped':
      text = `Stopped by ${run.stoppedBy ?? 'someone'}`
      break
    case 'rejected':
      text = `Rejected: ${run.error ?? 'the action was not active'}`
      tone = 'bad'
      break
    default:
      text = stopping
        ? `Stopping…${run.stopRequestedBy ? ` (requested by ${run.stopRequestedBy})` : ''}`
        : run.status === 'queued'
          ? 'Queued: waiting to start…'
          : 'Running…'
  }
  return (
    <span role="status" aria-label="Run outcome" className={`outcome ${tone}`}>
      {text}
    </span>
  )
}

interface RunEvent {
  type: string
  version: number
  data: Record<string, unknown>
}

interface LogLine {
  version: number
  at?: string
  text: string
  tone: '' | 'muted' | 'good' | 'bad' | 'warn'
}

const eventTypes = [
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
const terminal = new Set(['RunSucceeded', 'RunFailed', 'RunStopped', 'RunRejected'])
/** Events that change what the run's summary shows. */
const refreshing = new Set(['RunStarted', 'DocumentCreated', 'StopRequested'])

const str = (value: unknown) => (value === null || value === undefined ? '' : String(value))
const ms = (value: unknown) => formatDuration(typeof value === 'number' ? value : Number(value))

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

function timeOf(at: string | undefined) {
  if (!at) return ''
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', fractionalSecondDigits: 3 })
}

type Connection = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'closed'

/**
 * The live log: follows `/api/runs/{id}/events`. EventSource reconnects by itself and resumes after
 * the Last-Event-ID it saw; versions already shown are skipped. Closed after the terminal event.
 * Lines arriving together are added once per frame, and only the lines on screen are rendered, so a
 * run logging thousands of lines a second keeps the page (and its Stop button) responsive.
 */
function RunLog({ runId }: { runId: string }) {
  const queryClient = useQueryClient()
  const lines = useRef<LogLine[]>([])
  const [count, setCount] = useState(0)
  const [connection, setConnection] = useState<Connection>('connecting')
  const lastVersion = useRef(0)
  const box = useRef<HTMLDivElement>(null)
  const stick = useRef(true)
  // The console is not built with React Compiler, whose memoising this lint warns about.
  // oxlint-disable-next-line react/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => box.current,
    estimateSize: () => 20,
    overscan: 20,
    getItemKey: (index) => lines.current[index].version,
  })

  useEffect(() => {
    // EventSource cannot send X-Workspace: the workspace goes in the query (the cookie is sent, same origin).
    const source = new EventSource(withWorkspace(`/api/runs/${runId}/events`))
    const refresh = () => queryClient.invalidateQueries({ queryKey: ['run', runId] })
    let frame = 0
    const show = () => {
      frame = 0
      setCount(lines.current.length)
    }
    const onEvent = (message: MessageEvent<string>) => {
      let event: RunEvent
      try {
        event = JSON.parse(message.data) as RunEvent
      } catch {
        return
      }
      if (event.version <= lastVersion.current) return
      lastVersion.current = event.version
      const line = describe(event)
      if (line) {
        lines.current.push({ ...line, version: event.version, at: str(event.data?.at) || undefined })
        frame ||= requestAnimationFrame(show)
      }
      if (terminal.has(event.type)) {
        source.close()
        setConnection('ended')
        refresh()
        queryClient.invalidateQueries({ queryKey: ['action-runs'] })
      } else if (refreshing.has(event.type)) refresh()
    }
    for (const type of eventTypes) source.addEventListener(type, onEvent as EventListener)
    source.onopen = () => setConnection('live')
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting')
    return () => {
      source.close()
      cancelAnimationFrame(frame)
    }
  }, [runId, queryClient])

  useLayoutEffect(() => {
    if (stick.current && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' })
  }, [count, virtualizer])

  const connectionText: Record<Connection, string> = {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Connection lost, reconnecting…',
    ended: 'The run has ended.',
    closed: 'The log could not be loaded.',
  }
  const items = virtualizer.getVirtualItems()

  return (
    <section aria-labelledby="log-title" className="card section">
      <div className="section-head">
        <h2 id="log-title">Log</h2>
        <span className="small muted" aria-label="Log lines">
          {count === 1 ? '1 line' : `${count.toLocaleString()} lines`}
        </span>
        <span className={`small ${connection === 'live' ? 'good' : 'muted'}`}>{connectionText[connection]}</span>
      </div>
      <div
        ref={box}
        role="log"
        aria-label="Run log"
        tabIndex={0}
        className="run-log"
        onScroll={(e) => {
          const el = e.currentTarget
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24
        }}
      >
        {count === 0 ? (
          <p className="muted">Waiting for the first event…</p>
        ) : (
          <ol style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const line = lines.current[item.index]
              return (
                <li key={item.key} data-index={item.index} ref={virtualizer.measureElement} className={line.tone} style={{ transform: `translateY(${item.start}px)` }}>
                  {line.at && <time dateTime={line.at}>{timeOf(line.at)}</time>}
                  <span>{line.text}</span>
                </li>
              )
            })}
          </ol>
        )}
      </div>
    </section>
  )
}
