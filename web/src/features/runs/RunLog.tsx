import { useQueryClient } from '@tanstack/react-query'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { withWorkspace } from '../../api'
import { runKeys } from './queries'
import { eventTypes, logLineOf, refreshing, terminal, timeOf, type LogLine, type RunEvent } from './runLogEvents'

type Connection = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'closed'

/**
 * The live log: follows `/api/runs/{id}/events`. EventSource reconnects by itself and resumes after
 * the Last-Event-ID it saw; versions already shown are skipped. Closed after the terminal event.
 * Lines arriving together are added once per frame, and only the lines on screen are rendered, so a
 * run logging thousands of lines a second keeps the page (and its Stop button) responsive.
 */
export default function RunLog({ runId }: { runId: string }) {
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
    const refresh = () => queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) })
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
      const line = logLineOf(event)
      if (line) {
        lines.current.push(line)
        frame ||= requestAnimationFrame(show)
      }
      if (terminal.has(event.type)) {
        source.close()
        setConnection('ended')
        refresh()
        queryClient.invalidateQueries({ queryKey: runKeys.ofActions })
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
