import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { fieldErrorsOf, send, type Me } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import TextField from '../../components/TextField'
import { sessionKeys, setupQuery } from './queries'
import { adoptMe } from './session'

/** `/setup`: the first start's owner account, made with the one-time code the host printed. */
export default function SetupPage() {
  const setup = useQuery(setupQuery)

  return (
    <main className="public">
      <div className="card public-card">
        <div className="brand-dark">Modular</div>
        <h1>Create the owner account</h1>
        {setup.error && <ErrorNotice error={setup.error} />}
        {setup.isLoading && <p className="muted">Loading…</p>}
        {setup.data && !setup.data.ownerNeeded && (
          <div className="notice" role="note">
            The owner account exists already: <Link to="/sign-in">sign in</Link> instead.
          </div>
        )}
        {setup.data?.ownerNeeded && <OwnerForm passwordRules={setup.data.passwordRules} />}
      </div>
    </main>
  )
}

function OwnerForm({ passwordRules }: { passwordRules: string }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [code, setCode] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [workspaceName, setWorkspaceName] = useState('Main')
  const create = useMutation({
    mutationFn: () => send<Me>('/api/setup', 'POST', { code: code.trim(), email, password, workspaceName }),
    onSuccess: (me) => {
      queryClient.clear()
      queryClient.setQueryData(sessionKeys.me, adoptMe(me))
      navigate('/library', { replace: true })
    },
  })
  const errors = fieldErrorsOf(create.error)

  function submit(e: FormEvent) {
    e.preventDefault()
    create.mutate()
  }

  return (
    <form aria-label="Owner account" onSubmit={submit} noValidate>
      <p className="muted">
        This host has no account yet. The first account is the owner of the first workspace; the owner then invites everyone else.
      </p>
      <ProblemAlert error={create.error} shown={['code', 'email', 'password', 'workspaceName']} />
      <TextField
        id="setup-code"
        label="Setup code"
        autoComplete="off"
        value={code}
        onChange={setCode}
        errors={errors.code}
        autoFocus
        hint="The one-time code is printed in the host's output (its console or log) when it starts."
      />
      <TextField id="setup-email" label="Email" type="email" autoComplete="username" maxLength={254} value={email} onChange={setEmail} errors={errors.email} />
      <TextField
        id="setup-password"
        label="Password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        errors={errors.password}
        hint={passwordRules}
      />
      <TextField
        id="setup-workspace"
        label="Workspace name"
        maxLength={100}
        value={workspaceName}
        onChange={setWorkspaceName}
        errors={errors.workspaceName}
      />
      <div className="actions-row">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create the owner account
        </button>
      </div>
    </form>
  )
}
