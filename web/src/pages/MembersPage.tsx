import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { api, fieldErrorsOf, send, storeWorkspaceId, type CreatedInvitation, type Invitation, type Member, type Role } from '../api'
import ConfirmDialog from '../components/ConfirmDialog'
import ErrorNotice from '../components/ErrorNotice'
import ProblemAlert from '../components/ProblemAlert'
import ShownOnce from '../components/ShownOnce'
import TextField from '../components/TextField'
import { roleAtLeast, roleLabels, rolesUpTo, useSession } from '../session'

/** `/members`: who is in the workspace with which role; admins and owners change roles, remove members and invite. */
export default function MembersPage() {
  const { workspace, role } = useSession()
  const members = useQuery({ queryKey: ['members'], queryFn: () => api<Member[]>('/api/members') })
  const manages = roleAtLeast(role, 'admin')

  return (
    <section>
      <h1>Members</h1>
      {workspace && (
        <p className="muted">
          The members of <strong>{workspace.name}</strong>. Viewers read, editors also change actions and agents, admins also manage members and
          invitations, owners everything.
        </p>
      )}
      {members.error && <ErrorNotice error={members.error} />}
      {members.isLoading && <p className="muted">Loading members…</p>}
      {members.data && <MembersTable members={members.data} />}
      {manages && (
        <>
          <InviteForm />
          <OpenInvitations />
        </>
      )}
    </section>
  )
}

type Pending = { kind: 'remove' | 'leave'; member: Member }

function MembersTable({ members }: { members: Member[] }) {
  const { me, role, refresh } = useSession()
  const queryClient = useQueryClient()
  const [confirming, setConfirming] = useState<Pending | null>(null)
  const manages = roleAtLeast(role, 'admin')
  const owner = role === 'owner'

  const change = useMutation({
    mutationFn: ({ member, to }: { member: Member; to: Role }) => send<Member>(`/api/members/${member.userId}/role`, 'PUT', { role: to }),
    onSuccess: (_, { member }) => {
      if (member.userId === me.id) refresh()
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['members'] }),
  })
  const remove = useMutation({
    mutationFn: (pending: Pending) => send<void>(`/api/members/${pending.member.userId}`, 'DELETE'),
    onSuccess: (_, pending) => {
      if (pending.kind === 'leave') {
        // This workspace is no longer one of mine: start again in the first one left.
        storeWorkspaceId(null)
        window.location.assign('/library')
        return
      }
      setConfirming(null)
      queryClient.invalidateQueries({ queryKey: ['members'] })
    },
  })

  function ask(pending: Pending) {
    remove.reset()
    setConfirming(pending)
  }

  return (
    <>
      <ProblemAlert error={change.error} />
      <table className="table" aria-label="Members">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            <th scope="col">
              <span className="visually-hidden">Changes</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const self = m.userId === me.id
            // Admins change roles up to admin; only owners make or change owners.
            const canChange = manages && (owner || m.role !== 'owner')
            const canRemove = !self && manages && (owner || m.role !== 'owner')
            return (
              <tr key={m.userId}>
                <td>
                  {m.email}
                  {self && <span className="muted small"> (you)</span>}
                </td>
                <td>
                  {canChange ? (
                    <select
                      aria-label={`Role of ${m.email}`}
                      value={change.isPending && change.variables?.member.userId === m.userId ? change.variables.to : m.role}
                      disabled={change.isPending}
                      onChange={(e) => change.mutate({ member: m, to: e.target.value as Role })}
                    >
                      {rolesUpTo(role).map((r) => (
                        <option key={r} value={r}>
                          {roleLabels[r]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    roleLabels[m.role] ?? m.role
                  )}
                </td>
                <td className="small">{new Date(m.joinedAt).toLocaleString()}</td>
                <td>
                  {self ? (
                    <button type="button" onClick={() => ask({ kind: 'leave', member: m })}>
                      Leave workspace
                    </button>
                  ) : (
                    canRemove && (
                      <button type="button" className="bad" aria-label={`Remove ${m.email}`} onClick={() => ask({ kind: 'remove', member: m })}>
                        Remove
                      </button>
                    )
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <div role="status" className="muted small">
        {change.isPending ? 'Saving…' : change.isSuccess ? 'Role saved.' : ''}
      </div>
      {confirming && (
        <ConfirmDialog
          title={confirming.kind === 'leave' ? 'Leave the workspace' : `Remove ${confirming.member.email}`}
          confirm={confirming.kind === 'leave' ? 'Leave workspace' : 'Remove'}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(confirming)}
          onClose={() => setConfirming(null)}
        >
          <p>
            {confirming.kind === 'leave'
              ? 'Leave this workspace? You can come back only with a new invitation. Your API keys for it stop working.'
              : `Remove ${confirming.member.email} from this workspace? Their API keys for it stop working at once.`}
          </p>
        </ConfirmDialog>
      )}
    </>
  )
}

function InviteForm() {
  const { role } = useSession()
  const queryClient = useQueryClient()
  const [email, setEmail] = useState('')
  const [inviteRole, setInviteRole] = useState<Role>('viewer')
  const invite = useMutation({
    mutationFn: () => send<CreatedInvitation>('/api/invitations', 'POST', { email, role: inviteRole }),
    onSuccess: () => {
      setEmail('')
      queryClient.invalidateQueries({ queryKey: ['invitations'] })
    },
  })
  const errors = fieldErrorsOf(invite.error)

  function submit(e: FormEvent) {
    e.preventDefault()
    invite.mutate()
  }

  return (
    <form className="card section new-agent" aria-labelledby="invite-title" onSubmit={submit} noValidate>
      <h2 id="invite-title">Invite a member</h2>
      <p className="muted small">The invitation makes a link to send to the person; it works once, for that email.</p>
      <ProblemAlert error={invite.error} shown={['email', 'role']} />
      <div className="grid-2">
        <TextField id="invite-email" label="Email" type="email" autoComplete="off" maxLength={254} value={email} onChange={setEmail} errors={errors.email} />
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={inviteRole} onChange={(e) => setInviteRole(e.target.value as Role)}>
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
        <button type="submit" className="primary" disabled={invite.isPending}>
          Invite
        </button>
      </div>
      {invite.data && (
        <ShownOnce id="invitation-link" label="Invitation link" value={invite.data.link} copyLabel="Copy link">
          {invite.data.emailed
            ? `The link is being emailed to ${invite.data.email} (${roleLabels[invite.data.role] ?? invite.data.role}); you can also copy it now, as it is shown once.`
            : `Send this link to ${invite.data.email} (${roleLabels[invite.data.role] ?? invite.data.role}). It is shown once: copy it now.`}{' '}
          It expires on {new Date(invite.data.expiresAt).toLocaleString()}.
        </ShownOnce>
      )}
    </form>
  )
}

function OpenInvitations() {
  const queryClient = useQueryClient()
  const invitations = useQuery({ queryKey: ['invitations'], queryFn: () => api<Invitation[]>('/api/invitations') })
  const cancel = useMutation({
    mutationFn: (id: string) => send<void>(`/api/invitations/${id}`, 'DELETE'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['invitations'] }),
  })

  return (
    <section aria-labelledby="invitations-title" className="card section">
      <h2 id="invitations-title">Open invitations</h2>
      {invitations.error && <ErrorNotice error={invitations.error} />}
      <ProblemAlert error={cancel.error} />
      {invitations.data && invitations.data.length === 0 && <p className="muted">No invitation is waiting to be accepted.</p>}
      {invitations.data && invitations.data.length > 0 && (
        <table className="table" aria-label="Open invitations">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Invited by</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Cancel</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.data.map((i) => (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>{roleLabels[i.role] ?? i.role}</td>
                <td className="small">{i.invitedBy}</td>
                <td className="small">{new Date(i.expiresAt).toLocaleString()}</td>
                <td>
                  <button type="button" title={`Cancel the invitation of ${i.email}: its link stops working`} disabled={cancel.isPending} onClick={() => cancel.mutate(i.id)}>
                    Cancel
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
