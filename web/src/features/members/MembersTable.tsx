import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { send, storeWorkspaceId, type Member, type Role } from '../../api'
import ConfirmDialog from '../../components/ConfirmDialog'
import ProblemAlert from '../../components/ProblemAlert'
import { roleAtLeast, roleLabels, rolesUpTo, useSession } from '../session/session'
import { memberKeys } from './queries'

type Pending = { kind: 'remove' | 'leave'; member: Member }

/** The members with their roles: admins and owners change roles and remove members; anyone leaves. */
export default function MembersTable({ members }: { members: Member[] }) {
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
    onSettled: () => queryClient.invalidateQueries({ queryKey: memberKeys.members }),
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
      queryClient.invalidateQueries({ queryKey: memberKeys.members })
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
