import { useQueries } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import type { AgentView } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import StateBadge from '../../components/StateBadge'
import { actionQuery } from '../actions/queries'
import { useEditLock } from '../session/session'
import ActionLibraryDialog from './ActionLibraryDialog'
import { useAgentWrite } from './useAgentWrite'

/** "Build My Agent": the actions of the test mode setup, and "Add action" (the Action Library in a pop-up). */
export default function BuildMyAgentSection({ agent }: { agent: AgentView }) {
  const [adding, setAdding] = useState(false)
  const detach = useAgentWrite<string>(agent.id, (actionId) => `/actions/${actionId}`, 'DELETE', undefined, 'Action detached from the agent.')
  const live = new Set(agent.published?.actions.map((a) => a.actionId) ?? [])
  const locked = useEditLock()
  // Each attached action's own state: a paused one is not run when the agent calls it.
  const states = useQueries({
    queries: agent.working.actions.map((a) => actionQuery(a.actionId)),
  })

  return (
    <section aria-labelledby="build-title" className="card section">
      <div className="section-head">
        <h2 id="build-title">Build My Agent</h2>
        <button type="button" className="primary" disabled={locked.disabled} title={locked.title} onClick={() => setAdding(true)}>
          Add action
        </button>
      </div>
      <p className="muted small">The actions the agent may use in test mode. Published actions only; drafts are not available to agents.</p>
      <ProblemAlert error={detach.error} />
      {agent.working.actions.length === 0 ? (
        <p className="muted">No actions yet. Click Add action to choose one from the Action Library.</p>
      ) : (
        <table className="table" aria-label="Agent actions">
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">State</th>
              <th scope="col">Attached</th>
              <th scope="col">
                <span className="visually-hidden">Detach</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agent.working.actions.map((a, i) => (
              <tr key={a.actionId}>
                <td>
                  <Link to={`/actions/${a.actionId}`}>{a.name}</Link>
                  {!live.has(a.actionId) && agent.published && <div className="muted small">Not published yet</div>}
                </td>
                <td>{states[i]?.data ? <StateBadge state={states[i].data.state} /> : <span className="muted small">…</span>}</td>
                <td className="small">{new Date(a.attachedAt).toLocaleString()}</td>
                <td>
                  <button
                    type="button"
                    title={locked.title ?? `Detach ${a.name} (it is not deleted)`}
                    disabled={detach.isPending || locked.disabled}
                    onClick={() => detach.mutate(a.actionId)}
                  >
                    Detach
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {adding && <ActionLibraryDialog agent={agent} onClose={() => setAdding(false)} />}
    </section>
  )
}
