import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { fieldErrorsOf, send, type AgentView } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import Pager from '../../components/Pager'
import ProblemAlert from '../../components/ProblemAlert'
import StateBadge from '../../components/StateBadge'
import { useAddressFilters } from '../../components/useAddressFilters'
import { count } from '../../components/wording'
import { useEditLock } from '../session/session'
import { agentKeys, agentListQuery } from './queries'

const pageSize = 20

/** `/agents`: the workspace's agents, filtered by state and name (in the address), and "New agent". */
export default function AgentsPage() {
  const { params, set, page } = useAddressFilters()
  const state = params.get('state') ?? ''
  const q = params.get('q') ?? ''

  const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) })
  if (state) query.set('state', state)
  if (q.trim()) query.set('q', q.trim())
  const agents = useQuery({
    ...agentListQuery(query.toString()),
    placeholderData: keepPreviousData,
  })
  const pages = agents.data ? Math.max(1, Math.ceil(agents.data.total / agents.data.pageSize)) : 1
  const filtered = Boolean(state || q.trim())

  return (
    <section>
      <h1>Agents</h1>
      <NewAgentForm />
      <div className="toolbar">
        <div className="filters">
          <label>
            State{' '}
            <select value={state} onChange={(e) => set('state', e.target.value)}>
              <option value="">All</option>
              <option value="active">Active</option>
              <option value="paused">Paused</option>
            </select>
          </label>
        </div>
        <input type="search" aria-label="Search agents" placeholder="Search agents" maxLength={200} value={q} onChange={(e) => set('q', e.target.value)} />
      </div>
      {agents.error && <ErrorNotice error={agents.error} />}
      {agents.isLoading && <p className="muted">Loading agents…</p>}
      {agents.data && agents.data.items.length === 0 && (
        <p className="muted">{filtered ? 'No agent matches these filters.' : 'You have no agents yet. Create one above.'}</p>
      )}
      {agents.data && agents.data.items.length > 0 && (
        <>
          <table className="table" aria-label="Agents">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
                <th scope="col">Behaviours</th>
                <th scope="col">Published</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {agents.data.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/agents/${a.id}`}>{a.name}</Link>
                    {a.description && <div className="muted small clamp">{a.description}</div>}
                  </td>
                  <td>
                    <StateBadge state={a.state} />
                  </td>
                  <td>{a.actionCount}</td>
                  <td>{a.behaviorCount}</td>
                  <td>{a.isPublished ? 'Yes' : <span className="muted">No</span>}</td>
                  <td className="small">{new Date(a.updatedAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pages={pages} onPage={(p) => set('page', String(p))}>
            {count(agents.data.total, 'agent')}
          </Pager>
        </>
      )}
    </section>
  )
}

function NewAgentForm() {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const create = useMutation({
    mutationFn: () => send<AgentView>('/api/agents', 'POST', { name, description }),
    onSuccess: (agent) => {
      queryClient.setQueryData(agentKeys.detail(agent.id), agent)
      queryClient.invalidateQueries({ queryKey: agentKeys.lists })
      navigate(`/agents/${agent.id}`)
    },
  })
  const errors = fieldErrorsOf(create.error)
  const locked = useEditLock()

  function submit(e: FormEvent) {
    e.preventDefault()
    if (!locked.disabled) create.mutate()
  }

  return (
    <form className="card section new-agent" aria-labelledby="new-agent-title" onSubmit={submit} noValidate>
      <h2 id="new-agent-title">New agent</h2>
      <ProblemAlert error={create.error} shown={['/name', '/description']} />
      <fieldset className="bare" disabled={locked.disabled} title={locked.title}>
        <div className="field">
          <label htmlFor="new-agent-name">Name</label>
          <input
            id="new-agent-name"
            type="text"
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={errors['/name'] ? true : undefined}
            aria-describedby={errors['/name'] ? 'new-agent-name-error' : undefined}
          />
          {errors['/name'] && (
            <div id="new-agent-name-error" className="field-error">
              {errors['/name'].join(' ')}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="new-agent-description">Description</label>
          <textarea
            id="new-agent-description"
            rows={2}
            maxLength={5000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            aria-invalid={errors['/description'] ? true : undefined}
            aria-describedby={errors['/description'] ? 'new-agent-description-error' : undefined}
          />
          {errors['/description'] && (
            <div id="new-agent-description-error" className="field-error">
              {errors['/description'].join(' ')}
            </div>
          )}
        </div>
        <div className="actions-row">
          <button type="submit" className="primary" disabled={create.isPending}>
            Create
          </button>
        </div>
      </fieldset>
    </form>
  )
}
