import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { fieldErrorsOf, send, type CreatedOAuthClient, type OAuthClient, type Role } from '../../api'
import { copyText } from '../../components/clipboard'
import ConfirmDialog from '../../components/ConfirmDialog'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import ShownOnce from '../../components/ShownOnce'
import TextField from '../../components/TextField'
import { formatTime } from '../../components/wording'
import { roleLabels, rolesUpTo, useSession } from '../session/session'
import { apiKeyKeys, oauthClientsQuery } from './queries'

/**
 * The workspace's OAuth 2.0 clients, for integrations that get their own tokens (client credentials
 * grant) instead of acting as a person. Admins and owners only: the page shows it to them alone.
 */
export default function OAuthClientsSection() {
  const clients = useQuery(oauthClientsQuery)
  const [deleting, setDeleting] = useState<OAuthClient | null>(null)

  return (
    <section className="section page-part" aria-labelledby="oauth-clients-title">
      <h2 id="oauth-clients-title">OAuth clients</h2>
      <p className="muted">
        An OAuth client is for an integration that is not a person: it exchanges its client id and secret for a bearer token that lasts one hour
        (the client credentials grant), and acts in this workspace with the role it was given. Deleting a client stops its tokens at once.
      </p>
      <CreateClientForm clients={clients.data} />
      {clients.error && <ErrorNotice error={clients.error} />}
      {clients.isLoading && <p className="muted">Loading OAuth clients…</p>}
      {clients.data && clients.data.length === 0 && <p className="muted">No OAuth client yet.</p>}
      {clients.data && clients.data.length > 0 && (
        <table className="table" aria-label="OAuth clients">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Client ID</th>
              <th scope="col">Role</th>
              <th scope="col">Created by</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Delete</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {clients.data.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td className="mono small">{c.clientId}</td>
                <td>{roleLabels[c.role] ?? c.role}</td>
                <td className="small">{c.createdBy}</td>
                <td className="small">{formatTime(c.createdAt)}</td>
                <td>
                  <button type="button" className="bad" aria-label={`Delete ${c.name}`} onClick={() => setDeleting(c)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && <DeleteDialog client={deleting} onClose={() => setDeleting(null)} />}
    </section>
  )
}

/** `value` as one shell word (quoted unless it is plainly safe). */
function shellWord(value: string): string {
  return /^[\w.,:/=@%+-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`
}

/** The one-line request for a token with the new client's id and secret. */
function tokenCommand(created: CreatedOAuthClient): string {
  const form = (name: string, value: string) => `-d ${shellWord(`${name}=${encodeURIComponent(value)}`)}`
  return [
    'curl',
    form('grant_type', 'client_credentials'),
    form('client_id', created.client.clientId),
    form('client_secret', created.clientSecret),
    shellWord(created.tokenUrl),
  ].join(' ')
}

function CreateClientForm({ clients }: { clients: OAuthClient[] | undefined }) {
  const { role, me } = useSession()
  const queryClient = useQueryClient()
  const [name, setName] = useState('')
  const [clientRole, setClientRole] = useState<Role>('viewer')
  const create = useMutation({
    mutationFn: () => send<CreatedOAuthClient>('/api/oauth-clients', 'POST', { name, role: clientRole }),
    onSuccess: () => {
      setName('')
      queryClient.invalidateQueries({ queryKey: apiKeyKeys.oauthClients })
    },
  })
  const errors = fieldErrorsOf(create.error)
  const created = create.data
  // Once the new client is deleted, its secret and command are of no use.
  const shown = created && (!clients || clients.some((c) => c.id === created.client.id)) ? created : undefined

  function submit(e: FormEvent) {
    e.preventDefault()
    create.mutate()
  }

  return (
    <form className="card section new-agent" aria-labelledby="new-oauth-client-title" onSubmit={submit} noValidate>
      <h3 id="new-oauth-client-title" className="small-heading">
        Create OAuth client
      </h3>
      {me.apiKey && <div className="notice">You are signed in with an API key: sign in with your password to create OAuth clients.</div>}
      <ProblemAlert error={create.error} shown={['name', 'role']} />
      <div className="grid-2">
        <TextField id="oauth-client-name" label="Client name" maxLength={100} autoComplete="off" value={name} onChange={setName} errors={errors.name} />
        <div className="field">
          <label htmlFor="oauth-client-role">Client role</label>
          <select id="oauth-client-role" value={clientRole} onChange={(e) => setClientRole(e.target.value as Role)}>
            {rolesUpTo(role).map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
          {errors.role && <div className="field-error">{errors.role.join(' ')}</div>}
        </div>
      </div>
      <div className="actions-row">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create OAuth client
        </button>
      </div>
      {shown && <CreatedClient created={shown} />}
    </form>
  )
}

/** The new client's id, its secret (this once), where to get tokens and how. */
function CreatedClient({ created }: { created: CreatedOAuthClient }) {
  const command = tokenCommand(created)
  const [message, setMessage] = useState('')
  return (
    <ShownOnce id="oauth-client-secret" label="Client secret" value={created.clientSecret} copyLabel="Copy secret">
      Copy it now: it is not shown again. The client <strong>{created.client.name}</strong> has the role {roleLabels[created.client.role] ?? created.client.role}.
      <dl className="facts" aria-label="New OAuth client">
        <dt>Client ID</dt>
        <dd className="mono">{created.client.clientId}</dd>
        <dt>Token URL</dt>
        <dd className="mono">{created.tokenUrl}</dd>
        <dt>Get a token</dt>
        <dd>
          <pre className="code wrap" aria-label="Token request">
            {command}
          </pre>
          <div className="inline-row">
            <button type="button" onClick={async () => setMessage((await copyText(command)) ? 'Command copied.' : 'Select the command and copy it.')}>
              Copy command
            </button>
            <span role="status">{message}</span>
          </div>
          <div>
            The answer’s <span className="token">access_token</span> works for one hour: send it as{' '}
            <span className="token">Authorization: Bearer &lt;access_token&gt;</span>, then ask for a new one.
          </div>
        </dd>
      </dl>
    </ShownOnce>
  )
}

function DeleteDialog({ client, onClose }: { client: OAuthClient; onClose: () => void }) {
  const queryClient = useQueryClient()
  const remove = useMutation({
    mutationFn: () => send<void>(`/api/oauth-clients/${client.id}`, 'DELETE'),
    onSuccess: onClose,
    // A client deleted meanwhile (404) leaves the list too.
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.oauthClients }),
  })
  return (
    <ConfirmDialog title={`Delete ${client.name}`} confirm="Delete" pending={remove.isPending} error={remove.error} onConfirm={() => remove.mutate()} onClose={onClose}>
      <p>
        Delete the OAuth client <span className="mono">{client.clientId}</span>? Its tokens stop working at once; integrations using it are refused. This
        cannot be undone.
      </p>
    </ConfirmDialog>
  )
}
