import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom'
import type { ActionState, ActionView } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import MenuButton from '../../components/MenuButton'
import ProblemAlert from '../../components/ProblemAlert'
import { isUuid } from '../agents/agentFlow'
import HistorySection from '../history/HistorySection'
import ActionRunsSection from '../runs/ActionRunsSection'
import RejectedRunLink from '../runs/RejectedRunLink'
import RunActionDialog from '../runs/RunActionDialog'
import { useStartRun } from '../runs/useStartRun'
import { useCanEdit, viewerReason } from '../session/session'
import EventsSection from '../triggers/EventsSection'
import ScheduleSection from '../triggers/ScheduleSection'
import WebhookSection from '../triggers/WebhookSection'
import ActionCodeSection from './ActionCodeSection'
import ActionStatePanel from './ActionStatePanel'
import DeleteActionDialog from './DeleteActionDialog'
import { actionQuery } from './queries'
import RenameActionForm from './RenameActionForm'
import RunLimitsSection from './RunLimitsSection'
import { useActionWrite } from './useActionWrite'

/** `/actions/:id`: one action, its state, description (SOP), code and history. */
export default function ActionPage() {
  const { id } = useParams()
  const action = useQuery(actionQuery(id))

  if (action.error)
    return (
      <section>
        <h1>Action</h1>
        <ErrorNotice error={action.error} />
        <Link to="/actions">Back to My actions</Link>
      </section>
    )
  if (!action.data) return <p className="muted">Loading…</p>
  return <ActionDetails key={action.data.id} action={action.data} />
}

/** The page's parts, reached from "On this page" without scrolling through the others. */
const sections = [
  ['description-title', 'Description'],
  ['code-title', 'Code'],
  ['runs-title', 'Runs'],
  ['webhook-title', 'Webhook'],
  ['schedule-title', 'Schedule'],
  ['events-title', 'Events'],
  ['limits-title', 'Run limits'],
  ['history-title', 'History'],
] as const

function ActionDetails({ action }: { action: ActionView }) {
  const location = useLocation()
  const published = (location.state as { published?: boolean } | null)?.published === true
  const activate = useActionWrite<ActionState>(action.id, '/state', 'PUT', (state) => ({ state }))
  const restore = useActionWrite<number>(
    action.id,
    (version) => `/history/${version}/restore`,
    'POST',
    () => ({}),
    (saved) => `Restored as version ${saved.version}.`,
  )
  const navigate = useNavigate()
  const [renaming, setRenaming] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [runningWithInput, setRunningWithInput] = useState(false)
  const run = useStartRun(action.id)
  const canEdit = useCanEdit()
  const locked = canEdit ? {} : { disabled: true, title: viewerReason }

  return (
    <section>
      <div className="page-head">
        <div>
          <div className="muted small">
            <Link to="/actions">My actions</Link>
          </div>
          <h1>{action.name}</h1>
        </div>
        <div className="inline-row">
          <button
            type="button"
            className="primary"
            onClick={() => run.mutate('')}
            disabled={run.isPending || !canEdit}
            title={canEdit ? 'Run it now, with no input' : viewerReason}
          >
            Run
          </button>
          <MenuButton
            label="Action menu"
            items={[
              { label: 'Run', onSelect: () => run.mutate(''), ...locked },
              { label: 'Run with input…', onSelect: () => setRunningWithInput(true), ...locked },
              { label: 'Edit Name', onSelect: () => setRenaming(true), ...locked },
              { label: 'Edit', onSelect: () => navigate(`/actions/${action.id}/intent`), ...locked },
              { label: 'Delete', onSelect: () => setDeleting(true), danger: true, ...locked },
            ]}
          />
        </div>
      </div>
      {run.isPending && (
        <div role="status" className="muted small">
          Starting a run…
        </div>
      )}
      <ProblemAlert error={run.error} />
      <RejectedRunLink error={run.error} />
      {runningWithInput && <RunActionDialog action={action} onClose={() => setRunningWithInput(false)} />}
      {renaming && <RenameActionForm action={action} onDone={() => setRenaming(false)} />}
      {deleting && <DeleteActionDialog action={action} onClose={() => setDeleting(false)} />}
      {action.template.message && (
        <div className="notice" role="note">
          {action.template.message}
        </div>
      )}
      {published && action.state === 'paused' && (
        <div className="notice inline-row wrap" role="status" aria-label="Saved">
          <span>Published: agents can use it. It runs once you set it active.</span>
          <button type="button" className="primary" disabled={activate.isPending || !canEdit} onClick={() => activate.mutate('active')}>
            Activate now
          </button>
        </div>
      )}
      <ProblemAlert error={activate.error} />
      <nav aria-label="On this page" className="on-this-page">
        {sections.map(([anchor, label]) => (
          <a key={anchor} href={`#${anchor}`}>
            {label}
          </a>
        ))}
      </nav>
      <div className="action-layout">
        <div className="action-main">
          <section aria-labelledby="intent-title" className="card section">
            <h2 id="intent-title">Intent</h2>
            <p className="pre">{action.intent}</p>
          </section>
          <section aria-labelledby="description-title" className="card section">
            <h2 id="description-title">Description</h2>
            {action.descriptionNeedsReview && (
              <div className="notice" role="note">
                This description may no longer match the code, which was edited by hand. Review it before relying on it.
              </div>
            )}
            <p className="pre">{action.description}</p>
          </section>
          <ActionCodeSection action={action} />
          <ActionRunsSection actionId={action.id} />
          <WebhookSection actionId={action.id} state={action.state} />
          <ScheduleSection actionId={action.id} state={action.state} />
          <EventsSection actionId={action.id} accountId={action.accountId} state={action.state} />
          <RunLimitsSection actionId={action.id} />
          <HistorySection subject="actions" id={action.id} version={action.version} restore={restore} />
        </div>
        <aside className="action-side card" aria-label="Action details">
          <ActionStatePanel action={action} />
          <dl className="facts">
            <dt>Template</dt>
            <dd>
              {action.templateName} <span className="muted small">v{action.templateVersion}</span>
            </dd>
            <dt>Type</dt>
            <dd>{action.type}</dd>
            <dt>Used by</dt>
            <dd>
              {action.usedBy.length === 0 ? (
                <span className="muted">No agent</span>
              ) : (
                <ul className="plain">
                  {action.usedBy.map((a) => (
                    <li key={a.agentId}>{isUuid(a.agentId) ? <Link to={`/agents/${a.agentId}`}>{a.agentName}</Link> : a.agentName}</li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>Updated</dt>
            <dd className="small">
              {new Date(action.updatedAt).toLocaleString()} by {action.updatedBy}
            </dd>
            <dt>Created</dt>
            <dd className="small">
              {new Date(action.createdAt).toLocaleString()} by {action.createdBy}
            </dd>
          </dl>
          {canEdit && action.state !== 'draft' && action.template.available && <Link to={`/actions/${action.id}/configure`}>Change configuration</Link>}
        </aside>
      </div>
    </section>
  )
}
