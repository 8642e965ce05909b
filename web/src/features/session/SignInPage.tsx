import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState, type FormEvent } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { fieldErrorsOf, safeReturnTo, send, type Me } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import TextField from '../../components/TextField'
import { sessionKeys, setupQuery, ssoQuery } from './queries'
import { adoptMe } from './session'

/**
 * `/sign-in`: email and password, or single sign-on when the host has it; then back to `returnTo` (or the Library).
 * Before the owner exists, the setup page instead.
 */
export default function SignInPage() {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [params, setParams] = useSearchParams()
  const returnTo = safeReturnTo(params.get('returnTo'))
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const setup = useQuery(setupQuery)
  const sso = useQuery(ssoQuery)
  // Set by the host when single sign-on came back without a usable account: a code, shown in this page's own words.
  const ssoError = ssoMessages[params.get('sso') ?? '']

  useEffect(() => {
    if (setup.data?.ownerNeeded) navigate('/setup', { replace: true })
  }, [setup.data, navigate])

  const signIn = useMutation({
    mutationFn: () => send<Me>('/api/session', 'POST', { email, password }),
    onSuccess: (me) => {
      // Whatever was loaded before belonged to whoever was signed in then.
      queryClient.clear()
      queryClient.setQueryData(sessionKeys.me, adoptMe(me))
      navigate(returnTo, { replace: true })
    },
  })
  const errors = fieldErrorsOf(signIn.error)

  function submit(e: FormEvent) {
    e.preventDefault()
    // The single sign-on failure is old news once the password is tried: only this attempt's answer shows.
    if (ssoError)
      setParams(
        (p) => {
          p.delete('sso')
          return p
        },
        { replace: true },
      )
    signIn.mutate()
  }

  return (
    <main className="public">
      <form className="card public-card" aria-labelledby="sign-in-title" onSubmit={submit} noValidate>
        <div className="brand-dark">Modular</div>
        <h1 id="sign-in-title">Sign in</h1>
        {ssoError && (
          <div className="error" role="alert">
            {ssoError}
          </div>
        )}
        <ProblemAlert error={signIn.error} shown={['email', 'password']} />
        <TextField id="sign-in-email" label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} errors={errors.email} autoFocus />
        <TextField
          id="sign-in-password"
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          errors={errors.password}
        />
        <div className="actions-row">
          <button type="submit" className="primary" disabled={signIn.isPending}>
            Sign in
          </button>
        </div>
        {sso.data?.enabled && (
          <div className="sso">
            <span className="muted small">or</span>
            {/* A full page load: the host sends the browser on to the provider and, once signed in there, back to returnTo. */}
            <a className="link-button" href={`/sso/start?returnTo=${encodeURIComponent(returnTo)}`}>
              Sign in with {sso.data.displayName ?? 'single sign-on'}
            </a>
          </div>
        )}
      </form>
    </main>
  )
}

/** The host's single sign-on outcomes (`/sign-in?sso=<code>`); an unknown code shows nothing. */
const ssoMessages: Record<string, string> = {
  unverified: 'Your single sign-on account has no verified email address, so it cannot sign in here.',
  locked: 'This account is locked after repeated failed sign-ins; try again later.',
  refused: 'An account could not be created for your single sign-on email address.',
  failed: 'Single sign-on did not complete (it was cancelled, or the provider refused it). Try again.',
}
