import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { fieldErrorsOf, send, storeWorkspaceId, type InvitationLink, type Me } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import TextField from '../../components/TextField'
import { sessionKeys } from '../session/queries'
import { adoptMe, roleLabels } from '../session/session'
import { invitationLinkPath, invitationLinkQuery, invitationViewerQuery } from './queries'

/** `/invitations/:token`: the page an invitation link opens. Someone new chooses a password; someone with an account signs in as it first. */
export default function InvitationPage() {
  const { token = '' } = useParams()
  const path = invitationLinkPath(token)
  const invitation = useQuery(invitationLinkQuery(token))
  // Who is signed in on this browser, if anyone: a 401 here is an answer, not a reason to leave the page.
  const me = useQuery(invitationViewerQuery)

  return (
    <main className="public">
      <div className="card public-card">
        <div className="brand-dark">Modular</div>
        {invitation.error ? (
          <>
            <h1>Invitation</h1>
            <ErrorNotice error={invitation.error} />
            <Link to="/sign-in">Go to the sign-in page</Link>
          </>
        ) : !invitation.data || me.isLoading ? (
          <p className="muted">Loading…</p>
        ) : (
          <Join invitation={invitation.data} me={me.data ?? null} path={path} token={token} />
        )}
      </div>
    </main>
  )
}

function Join({ invitation, me, path, token }: { invitation: InvitationLink; me: Me | null; path: string; token: string }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [password, setPassword] = useState('')
  const signedInAsInvited = !!me && me.email.toLowerCase() === invitation.email.toLowerCase()
  const accept = useMutation({
    mutationFn: () => send<Me>(`${path}/accept`, 'POST', invitation.accountExists ? {} : { password }),
    onSuccess: (joined) => {
      // Work in the workspace just joined.
      if (joined.workspaces.some((w) => w.id === invitation.workspaceId)) storeWorkspaceId(invitation.workspaceId)
      queryClient.clear()
      queryClient.setQueryData(sessionKeys.me, adoptMe(joined))
      navigate('/library', { replace: true })
    },
  })
  const errors = fieldErrorsOf(accept.error)

  function submit(e: FormEvent) {
    e.preventDefault()
    accept.mutate()
  }

  const expires = new Date(invitation.expiresAt).toLocaleString()
  return (
    <>
      <h1>Join {invitation.workspaceName}</h1>
      <p>
        You are invited to the workspace <strong>{invitation.workspaceName}</strong> as <strong>{roleLabels[invitation.role] ?? invitation.role}</strong>{' '}
        with the email <strong>{invitation.email}</strong>.
      </p>
      <p className="muted small">This invitation expires on {expires}.</p>
      {!invitation.accountExists ? (
        <form aria-label="Join" onSubmit={submit} noValidate>
          {me && (
            <div className="notice" role="note">
              You are signed in as {me.email}. Joining creates the account {invitation.email} and signs you in as it.
            </div>
          )}
          <ProblemAlert error={accept.error} shown={['password']} />
          <TextField
            id="join-password"
            label="Choose a password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={setPassword}
            errors={errors.password}
            hint={invitation.passwordRules}
            autoFocus
          />
          <input type="email" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
          <div className="actions-row">
            <button type="submit" className="primary" disabled={accept.isPending}>
              Join
            </button>
          </div>
        </form>
      ) : signedInAsInvited ? (
        <form aria-label="Join" onSubmit={submit} noValidate>
          <p>You are signed in as {me!.email}.</p>
          <ProblemAlert error={accept.error} />
          <div className="actions-row">
            <button type="submit" className="primary" disabled={accept.isPending}>
              Join
            </button>
          </div>
        </form>
      ) : (
        <div className="notice" role="note">
          An account with {invitation.email} exists{me ? ` (you are signed in as ${me.email})` : ''}: sign in as {invitation.email} first, then join.{' '}
          <Link to={`/sign-in?returnTo=${encodeURIComponent(`/invitations/${token}`)}`}>Sign in as {invitation.email}</Link>
        </div>
      )}
    </>
  )
}
