import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { send } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import { roleLabels } from '../session/session'
import { invitationsQuery, memberKeys } from './queries'

/** The invitations not accepted yet, each of which can be cancelled. */
export default function OpenInvitations() {
  const queryClient = useQueryClient()
  const invitations = useQuery(invitationsQuery)
  const cancel = useMutation({
    mutationFn: (id: string) => send<void>(`/api/invitations/${id}`, 'DELETE'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: memberKeys.invitations }),
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
