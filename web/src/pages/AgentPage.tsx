import { useQueries, useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router-dom'
import { api, fieldErrorsOf, type ActionView, type AgentState, type AgentView } from '../api'
import ActionLibraryDialog from '../components/ActionLibraryDialog'
import ActionMenu from '../components/ActionMenu'
import HistorySection from '../features/history/HistorySection'
import StateBadge from '../components/StateBadge'
import StateSelect from '../components/StateSelect'
import BehaviorsSection from '../components/BehaviorsSection'
import DeleteAgentDialog from '../components/DeleteAgentDialog'
import ErrorNotice from '../components/ErrorNotice'
import ProblemAlert from '../components/ProblemAlert'
import { useAgentWrite } from '../components/useAgentWrite'
import { useEditLock } from '../session'

/** `/agents/:id`: one agent, its state, Build My Agent (test mode setup), behaviours, publishing and history. */
export default function AgentPage() {
  const { id } = useParams()
  const agent = useQuery({ queryKey: ['agent', id], queryFn: () => api<AgentView>(`/api/agents/${id}`) })

  if (agent.error)
    return (
      <section>
        <h1>Agent</h1>
        <ErrorNotice error={agent.error} />
        <Link to="/agents">Back to Agents</Link>
      </section>
    )
  if (!agent.data) return <p className="muted">Loading…</p>
  return <AgentDetails key={agent.data.id} agent={agent.data} />
}

function AgentDetails({ agent }: { agent: AgentView }) {
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const locked = useEditLock()

  return (
    <section>
      <div className="page-head">
        <div>
          <div className="muted small">
            <Link to="/agents">Agents</Link>
          </div>
          <h1>{agent.name}</h1>
        </div>
        <ActionMenu
          label="Agent menu"
          items={[
            { label: 'Rename or describe', onSelect: () => setEditing(true), ...locked },
            { label: 'Delete agent', onSelect: () => setDeleting(true), danger: true, ...locked },
          ]}
        />
      </div>
      {editing && <AgentDetailsForm agent={agent} onDone={() => setEditing(false)} />}
      {deleting && <DeleteAgentDialog agent={agent} onClose={() => setDeleting(false)} />}
      {agent.description && <p className="pre">{agent.description}</p>}
      <div className="action-layout">
        <div className="action-main">
          <BuildMyAgentSection agent={agent} />
          <BehaviorsSection agent={agent} />
          <HistorySection subject="agents" id={agent.id} version={agent.version} />
        </div>
        <aside className="action-side card" aria-label="Agent details">
          <AgentStatePanel agent={agent} />
          <PublishPanel agent={agent} />
          <dl className="facts">
            <dt>Updated</dt>
            <dd className="small">
              {new Date(agent.updatedAt).toLocaleString()} by {agent.updatedBy}
            </dd>
            <dt>Created</dt>
            <dd className="small">
              {new Date(agent.createdAt).toLocaleString()} by {agent.createdBy}
            </dd>
          </dl>
        </aside>
      </div>
    </section>
  )
}

/** "You can also activate or pause the entire agent from the agent page." */
function AgentStatePanel({ agent }: { agent: AgentView }) {
  const change = useAgentWrite<AgentState>(agent.id, '/state', 'PUT', (state) => ({ state }))
  return <StateSelect id="agent-state" state={agent.state} change={change} />
}

/** Published (live) or not, unpublished changes of the test mode setup, and "Publish". */
function PublishPanel({ agent }: { agent: AgentView }) {
  const publish = useAgentWrite<void>(agent.id, '/publish', 'POST', () => ({}))
  const locked = useEditLock()
  return (
    <div className="field">
      <div role="group" aria-label="Mode" className="mode">
        {agent.published ? (
          <strong>
            Published
            {agent.publishedAt && <span className="muted small"> {new Date(agent.publishedAt).toLocaleString()}</span>}
          </strong>
        ) : (
          <strong>Not published</strong>
        )}
        {agent.hasUnpublishedChanges && <span className="badge badge-paused">Unpublished changes</span>}
      </div>
      <p className="muted small">Build My Agent edits the test mode setup; Publish makes it the one that runs live.</p>
      <button
        type="button"
        className="primary"
        disabled={publish.isPending || !agent.hasUnpublishedChanges || locked.disabled}
        title={locked.title}
        onClick={() => publish.mutate()}
      >
        Publish
      </button>
      <div role="status" className="muted small">
        {publish.isPending ? 'Publishing…' : publish.isSuccess ? 'Published.' : ''}
      </div>
      <ProblemAlert error={publish.error} />
    </div>
  )
}

/** "Build My Agent": the actions of the test mode setup, and "Add action" (the Action Library in a pop-up). */
function BuildMyAgentSection({ agent }: { agent: AgentView }) {
  const [adding, setAdding] = useState(false)
  const detach = useAgentWrite<string>(agent.id, (actionId) => `/actions/${actionId}`, 'DELETE')
  const live = new Set(agent.published?.actions.map((a) => a.actionId) ?? [])
  const locked = useEditLock()
  // Each attached action's own state: a paused one is not run when the agent calls it.
  const states = useQueries({
    queries: agent.working.actions.map((a) => ({ queryKey: ['action', a.actionId], queryFn: () => api<ActionView>(`/api/actions/${a.actionId}`) })),
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

/** "Rename or describe" of the agent menu. */
function AgentDetailsForm({ agent, onDone }: { agent: AgentView; onDone: () => void }) {
  const [name, setName] = useState(agent.name)
  const [description, setDescription] = useState(agent.description)
  const save = useAgentWrite<{ name: string; description: string }>(agent.id, '', 'PUT', (input) => input)
  const errors = fieldErrorsOf(save.error)

  function submit(e: FormEvent) {
    e.preventDefault()
    save.mutate({ name, description }, { onSuccess: onDone })
  }

  return (
    <form className="card section" aria-label="Rename or describe" onSubmit={submit} noValidate>
      <ProblemAlert error={save.error} shown={['/name', '/description']} />
      <div className="field">
        <label htmlFor="agent-name">Name</label>
        <input
          id="agent-name"
          type="text"
          maxLength={200}
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={errors['/name'] ? true : undefined}
          aria-describedby={errors['/name'] ? 'agent-name-error' : undefined}
        />
        {errors['/name'] && (
          <div id="agent-name-error" className="field-error">
            {errors['/name'].join(' ')}
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor="agent-description">Description</label>
        <textarea
          id="agent-description"
          rows={3}
          maxLength={5000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={errors['/description'] ? true : undefined}
          aria-describedby={errors['/description'] ? 'agent-description-error' : undefined}
        />
        {errors['/description'] && (
          <div id="agent-description-error" className="field-error">
            {errors['/description'].join(' ')}
          </div>
        )}
      </div>
      <div className="actions-row">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
