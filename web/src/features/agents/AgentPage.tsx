import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import type { AgentState, AgentView } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import MenuButton from '../../components/MenuButton'
import ProblemAlert from '../../components/ProblemAlert'
import StateSelect from '../../components/StateSelect'
import HistorySection from '../history/HistorySection'
import { useEditLock } from '../session/session'
import AgentDetailsForm from './AgentDetailsForm'
import BehaviorsSection from './behaviors/BehaviorsSection'
import BuildMyAgentSection from './BuildMyAgentSection'
import DeleteAgentDialog from './DeleteAgentDialog'
import { agentQuery } from './queries'
import { useAgentWrite } from './useAgentWrite'

/** `/agents/:id`: one agent, its state, Build My Agent (test mode setup), behaviours, publishing and history. */
export default function AgentPage() {
  const { id } = useParams()
  const agent = useQuery(agentQuery(id))

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
        <MenuButton
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
