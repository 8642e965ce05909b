import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { fieldErrorsOf, send, storeWorkspaceId, type WorkspaceView } from '../../api'
import ConfirmDialog from '../../components/ConfirmDialog'
import ProblemAlert from '../../components/ProblemAlert'
import TextField from '../../components/TextField'
import { formatTime } from '../../components/wording'
import { roleLabels, useSession } from '../session/session'

/** Why someone signed in with an API key cannot create or delete workspaces (the server refuses it). */
const apiKeyReason = 'You are signed in with an API key: sign in with your password to create or delete workspaces.'
const ownerReason = 'Only an owner can delete the workspace.'

/** `/workspace`: the workspace the console works in, creating another one, and (for owners) deleting this one. */
export default function WorkspacePage() {
  const { workspace } = useSession()
  if (!workspace) return null
  return (
    <section className="narrow">
      <h1>Workspace</h1>
      <dl className="facts" aria-label="This workspace">
        <dt>Name</dt>
        <dd>{workspace.name}</dd>
        <dt>Id</dt>
        <dd className="mono">{workspace.id}</dd>
        <dt>Your role</dt>
        <dd>{roleLabels[workspace.role] ?? workspace.role}</dd>
        <dt>Created</dt>
        <dd>{formatTime(workspace.createdAt)}</dd>
      </dl>
      <CreateWorkspaceForm />
      <DeleteWorkspaceSection workspace={workspace} />
    </section>
  )
}

function CreateWorkspaceForm() {
  const { me, switchWorkspace } = useSession()
  const [name, setName] = useState('')
  const [id, setId] = useState('')
  const create = useMutation({
    mutationFn: () => send<WorkspaceView>('/api/workspaces', 'POST', { name, ...(id.trim() ? { id: id.trim() } : {}) }),
    // The console starts again in the new workspace (a full load: no query of this one is kept).
    onSuccess: (created) => switchWorkspace(created.id),
  })
  const errors = fieldErrorsOf(create.error)

  function submit(e: FormEvent) {
    e.preventDefault()
    create.mutate()
  }

  return (
    <form className="card section page-part" aria-labelledby="new-workspace-title" onSubmit={submit} noValidate>
      <h2 id="new-workspace-title">Create a workspace</h2>
      <p className="muted small">A workspace of its own: its actions, agents, runs, members and keys are kept apart from those of this one. You become its owner.</p>
      {me.apiKey && <div className="notice">{apiKeyReason}</div>}
      <ProblemAlert error={create.error} shown={['name', 'id']} />
      <div className="grid-2">
        <TextField id="workspace-name" label="Name" maxLength={100} autoComplete="off" value={name} onChange={setName} errors={errors.name} />
        <TextField
          id="workspace-id"
          label="Id"
          maxLength={64}
          autoComplete="off"
          value={id}
          onChange={setId}
          errors={errors.id}
          hint="Optional: lowercase letters, digits and dashes (up to 64), starting with a letter or digit; it cannot be changed later. Left empty, one is made up."
        />
      </div>
      <div className="actions-row">
        <button type="submit" className="primary" disabled={create.isPending || create.isSuccess || !!me.apiKey} title={me.apiKey ? apiKeyReason : undefined}>
          Create workspace
        </button>
        <span role="status" className="muted small">
          {create.isPending ? 'Creating…' : create.isSuccess ? 'Created: opening it…' : ''}
        </span>
      </div>
    </form>
  )
}

function DeleteWorkspaceSection({ workspace }: { workspace: WorkspaceView }) {
  const { me } = useSession()
  const [confirming, setConfirming] = useState(false)
  const remove = useMutation({
    mutationFn: () => send<void>(`/api/workspaces/${encodeURIComponent(workspace.id)}`, 'DELETE'),
    onSuccess: () => {
      // The workspace is gone: forget it and load the console again (`/api/me` too), in the first workspace left if any.
      storeWorkspaceId(null)
      window.location.assign('/library')
    },
  })
  const reason = me.apiKey ? apiKeyReason : workspace.role !== 'owner' ? ownerReason : undefined

  function ask() {
    remove.reset()
    setConfirming(true)
  }

  return (
    <section className="card section page-part danger-zone" aria-labelledby="delete-workspace-title">
      <h2 id="delete-workspace-title">Delete this workspace</h2>
      <p className="small">
        Deletes <strong>{workspace.name}</strong> and everything in it for good. Nobody can get it back.
      </p>
      <div className="actions-row">
        <button
          type="button"
          className="danger"
          disabled={!!reason}
          title={reason}
          aria-describedby={reason ? 'delete-workspace-reason' : undefined}
          onClick={ask}
        >
          Delete this workspace
        </button>
        {reason && (
          <span id="delete-workspace-reason" className="muted small">
            {reason}
          </span>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Delete ${workspace.name}`}
          confirm="Delete workspace"
          pending={remove.isPending || remove.isSuccess}
          error={remove.error}
          onConfirm={() => remove.mutate()}
          onClose={() => setConfirming(false)}
          typed={{ label: 'Workspace name', expected: workspace.name }}
        >
          <p>
            Delete the workspace <strong>{workspace.name}</strong> (<span className="mono">{workspace.id}</span>) for good? Everything in it goes with it:
          </p>
          <ul className="small">
            <li>its actions and agents, with their webhooks and schedules;</li>
            <li>its runs, with their logs and documents;</li>
            <li>its connected accounts;</li>
            <li>its members and open invitations, its API keys and OAuth clients (they stop working at once);</li>
            <li>its audit log.</li>
          </ul>
          <p className="small">This cannot be undone, and the id {workspace.id} cannot be used again.</p>
        </ConfirmDialog>
      )}
    </section>
  )
}
