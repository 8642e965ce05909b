import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import type { AgentView } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import { actionListQuery } from '../actions/queries'
import TemplateBrowser from '../library/TemplateBrowser'
import { useAgentWrite } from './useAgentWrite'

type Tab = 'templates' | 'mine'

/**
 * "Add action" of Build My Agent: the Action Library in a pop-up. A template starts the creation
 * flow for this agent; a published action of My actions is attached directly.
 */
export default function ActionLibraryDialog({ agent, onClose }: { agent: AgentView; onClose: () => void }) {
  const [tab, setTab] = useState<Tab>('templates')
  const ref = useRef<HTMLDivElement>(null)
  const close = useRef(onClose)

  useEffect(() => {
    close.current = onClose
  }, [onClose])

  useEffect(() => {
    const escape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current()
    }
    document.addEventListener('keydown', escape)
    ref.current?.focus()
    return () => document.removeEventListener('keydown', escape)
  }, [])

  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div role="dialog" aria-modal="true" aria-label="Action library" className="dialog wide" tabIndex={-1} ref={ref}>
        <div className="section-head">
          <h2>Action library</h2>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
        <p className="muted small">
          Choose a template to create a new action for <strong>{agent.name}</strong>, or attach one of your published actions.
        </p>
        <div role="tablist" aria-label="Add from" className="tabs dialog-tabs">
          <button role="tab" aria-selected={tab === 'templates'} onClick={() => setTab('templates')}>
            Templates
          </button>
          <button role="tab" aria-selected={tab === 'mine'} onClick={() => setTab('mine')}>
            My actions
          </button>
        </div>
        {tab === 'templates' ? (
          <TemplateBrowser headingLevel={3} hrefFor={(t) => `/actions/new/${encodeURIComponent(t.id)}?agent=${encodeURIComponent(agent.id)}`} />
        ) : (
          <PublishedActions agent={agent} onAttached={onClose} />
        )}
      </div>
    </div>
  )
}

function PublishedActions({ agent, onAttached }: { agent: AgentView; onAttached: () => void }) {
  const [q, setQ] = useState('')
  const query = new URLSearchParams({ state: 'published', sort: 'name', pageSize: '50' })
  if (q.trim()) query.set('q', q.trim())
  const actions = useQuery(actionListQuery(query.toString()))
  const attach = useAgentWrite<string>(agent.id, (actionId) => `/actions/${actionId}`, 'PUT', undefined, 'Action attached to the agent.')
  const attached = new Set(agent.working.actions.map((a) => a.actionId))

  return (
    <>
      <div className="toolbar">
        <span className="muted small">Published actions only: drafts are not available to agents.</span>
        <input type="search" aria-label="Search my actions" placeholder="Search my actions" maxLength={200} value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <ProblemAlert error={attach.error} />
      {actions.error && <ErrorNotice error={actions.error} />}
      {actions.isLoading && <p className="muted">Loading actions…</p>}
      {actions.data && actions.data.items.length === 0 && <p className="muted">{q.trim() ? 'No published action matches.' : 'You have no published actions yet.'}</p>}
      {actions.data && actions.data.items.length > 0 && (
        <ul className="plain picker" aria-label="My actions">
          {actions.data.items.map((a) => (
            <li key={a.id}>
              <div>
                <strong>{a.name}</strong>
                <div className="muted small">
                  {a.templateName} · {a.type} · {a.state}
                </div>
              </div>
              {attached.has(a.id) ? (
                <span className="muted small">Attached</span>
              ) : (
                <button
                  type="button"
                  aria-label={`Attach ${a.name}`}
                  disabled={attach.isPending}
                  onClick={() => attach.mutate(a.id, { onSuccess: onAttached })}
                >
                  Attach
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
