import { useQuery } from '@tanstack/react-query'
import ErrorNotice from '../../components/ErrorNotice'
import { roleAtLeast, useSession } from '../session/session'
import InviteForm from './InviteForm'
import MembersTable from './MembersTable'
import OpenInvitations from './OpenInvitations'
import { membersQuery } from './queries'

/** `/members`: who is in the workspace with which role; admins and owners change roles, remove members and invite. */
export default function MembersPage() {
  const { workspace, role } = useSession()
  const members = useQuery(membersQuery)
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
