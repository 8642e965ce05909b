import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { fieldErrorsOf, send, type ApiKey, type CreatedApiKey, type Role } from '../../api'
import ConfirmDialog from '../../components/ConfirmDialog'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import ShownOnce from '../../components/ShownOnce'
import TextField from '../../components/TextField'
import { formatTime } from '../../components/wording'
import { roleAtLeast, roleLabels, rolesUpTo, useSession } from '../session/session'
import OAuthClientsSection from './OAuthClientsSection'
import { apiKeyKeys, apiKeysQuery } from './queries'

/**
 * `/api-keys`: keys for scripts and other programs to call the API as you, in this workspace, with a role up to yours;
 * for admins and owners also the workspace's OAuth clients.
 */
export default function ApiKeysPage() {
  const { role } = useSession()
  const keys = useQuery(apiKeysQuery)
  const [revoking, setRevoking] = useState<ApiKey | null>(null)

  return (
    <section>
      <h1>API keys</h1>
      <p className="muted">
        A key calls the API as you, in this workspace only, with the role it was given (up to yours). Send it as{' '}
        <span className="token">Authorization: Bearer &lt;key&gt;</span>.{' '}
        {roleAtLeast(role, 'admin') ? 'As an admin you see every key of the workspace.' : 'You see your own keys.'}
      </p>
      <CreateKeyForm />
      {keys.error && <ErrorNotice error={keys.error} />}
      {keys.isLoading && <p className="muted">Loading API keys…</p>}
      {keys.data && keys.data.length === 0 && <p className="muted">No API key yet.</p>}
      {keys.data && keys.data.length > 0 && (
        <table className="table" aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Role</th>
              <th scope="col">Created by</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td className="mono small">{k.prefix}…</td>
                <td>{roleLabels[k.role] ?? k.role}</td>
                <td className="small">
                  {k.createdBy}
                  <div className="muted">{formatTime(k.createdAt)}</div>
                </td>
                <td className="small">{k.lastUsedAt ? formatTime(k.lastUsedAt) : <span className="muted">Never</span>}</td>
                <td className="small">
                  {k.expiresAt ? formatTime(k.expiresAt) : <span className="muted">Never</span>}
                  {k.expired && <div className="bad">Expired</div>}
                </td>
                <td>
                  <button type="button" className="bad" aria-label={`Revoke ${k.name}`} onClick={() => setRevoking(k)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && <RevokeDialog apiKey={revoking} onClose={() => setRevoking(null)} />}
      {roleAtLeast(role, 'admin') && <OAuthClientsSection />}
    </section>
  )
}

/** The end of the chosen day, local time: a key "expiring on" a date works through that day. */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59`).toISOString()
}

function localDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
}

function CreateKeyForm() {
  const { role, me } = useSession()
  const queryClient = useQueryClient()
  const [name, setName] = useState('')
  const [keyRole, setKeyRole] = useState<Role>('viewer')
  const [expires, setExpires] = useState('')
  const create = useMutation({
    mutationFn: () => send<CreatedApiKey>('/api/api-keys', 'POST', { name, role: keyRole, ...(expires ? { expiresAt: endOfDay(expires) } : {}) }),
    onSuccess: () => {
      setName('')
      setExpires('')
      queryClient.invalidateQueries({ queryKey: apiKeyKeys.apiKeys })
    },
  })
  const errors = fieldErrorsOf(create.error)
  // The dates a key may expire on: from today, within five years (as the server accepts).
  const [bounds] = useState(() => {
    const today = new Date()
    return { min: localDate(today), max: localDate(new Date(today.getFullYear() + 5, today.getMonth(), today.getDate() - 1)) }
  })

  function submit(e: FormEvent) {
    e.preventDefault()
    create.mutate()
  }

  return (
    <form className="card section new-agent" aria-labelledby="new-key-title" onSubmit={submit} noValidate>
      <h2 id="new-key-title">Create API key</h2>
      {me.apiKey && <div className="notice">You are signed in with an API key: sign in with your password to create keys.</div>}
      <ProblemAlert error={create.error} shown={['name', 'role', 'expiresAt']} />
      <div className="grid-2">
        <TextField id="key-name" label="Name" maxLength={100} autoComplete="off" value={name} onChange={setName} errors={errors.name} />
        <div className="field">
          <label htmlFor="key-role">Role</label>
          <select id="key-role" value={keyRole} onChange={(e) => setKeyRole(e.target.value as Role)}>
            {rolesUpTo(role).map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
          {errors.role && <div className="field-error">{errors.role.join(' ')}</div>}
        </div>
        <TextField
          id="key-expires"
          label="Expires"
          type="date"
          min={bounds.min}
          max={bounds.max}
          value={expires}
          onChange={setExpires}
          errors={errors.expiresAt}
          hint="Optional: the key stops working at the end of this day. Leave it empty for a key that does not expire."
        />
      </div>
      <div className="actions-row">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create API key
        </button>
      </div>
      {create.data && (
        <ShownOnce id="new-api-key" label="New API key" value={create.data.key} copyLabel="Copy key">
          Copy it now: it is not shown again. The key <strong>{create.data.apiKey.name}</strong> has the role {roleLabels[create.data.apiKey.role] ?? create.data.apiKey.role}
          {create.data.apiKey.expiresAt ? ` and expires on ${formatTime(create.data.apiKey.expiresAt)}` : ' and does not expire'}.
        </ShownOnce>
      )}
    </form>
  )
}

function RevokeDialog({ apiKey, onClose }: { apiKey: ApiKey; onClose: () => void }) {
  const queryClient = useQueryClient()
  const revoke = useMutation({
    mutationFn: () => send<void>(`/api/api-keys/${apiKey.id}`, 'DELETE'),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: apiKeyKeys.apiKeys })
      onClose()
    },
  })
  return (
    <ConfirmDialog title={`Revoke ${apiKey.name}`} confirm="Revoke" pending={revoke.isPending} error={revoke.error} onConfirm={() => revoke.mutate()} onClose={onClose}>
      <p>
        Revoke the key <span className="mono">{apiKey.prefix}…</span>? It stops working at once; programs using it are refused. This cannot be undone.
      </p>
    </ConfirmDialog>
  )
}
