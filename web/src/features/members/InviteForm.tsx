import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { fieldErrorsOf, send, type CreatedInvitation, type Role } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import ShownOnce from '../../components/ShownOnce'
import TextField from '../../components/TextField'
import { roleLabels, rolesUpTo, useSession } from '../session/session'
import { memberKeys } from './queries'

/** "Invite a member": makes the invitation link, shown once. */
export default function InviteForm() {
  const { role } = useSession()
  const queryClient = useQueryClient()
  const [email, setEmail] = useState('')
  const [inviteRole, setInviteRole] = useState<Role>('viewer')
  const invite = useMutation({
    mutationFn: () => send<CreatedInvitation>('/api/invitations', 'POST', { email, role: inviteRole }),
    onSuccess: () => {
      setEmail('')
      queryClient.invalidateQueries({ queryKey: memberKeys.invitations })
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
