import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { fieldErrorsOf, send, type AccountConnector, type AccountView } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import TextField from '../../components/TextField'
import { useEditLock, viewerReason } from '../session/session'
import { valuesToSend } from './accountValues'
import MethodFields from './MethodFields'
import { accountKeys } from './queries'

/**
 * "Connect an account": a connector, one of its methods, that method's fields and a name; tried with the connector's test call first.
 * An OAuth 2.0 method has no fields: "Connect with …" opens the provider's consent page in a pop-up (`onOAuth`).
 */
export default function ConnectAccountForm({
  connectors,
  onConnected,
  onOAuth,
  oauthPending,
  oauthError,
}: {
  connectors: AccountConnector[]
  onConnected: (account: AccountView) => void
  onOAuth: (connector: AccountConnector, name: string) => void
  oauthPending: boolean
  /** Why starting the consent page was refused (not set up, a bad name). */
  oauthError: unknown
}) {
  const queryClient = useQueryClient()
  const locked = useEditLock()
  const [connectorId, setConnectorId] = useState(connectors.length === 1 ? connectors[0].id : '')
  const [methodKind, setMethodKind] = useState<string>('')
  const [name, setName] = useState('')
  const [values, setValues] = useState<Record<string, string>>({})
  const connector = connectors.find((c) => c.id === connectorId)
  const method = connector?.methods.find((m) => m.method === methodKind) ?? connector?.methods[0]
  const byFields = method !== undefined && method.method !== 'OAuth2'
  const byConsent = method !== undefined && method.method === 'OAuth2'
  const unavailable = byConsent ? (method.unavailable ?? null) : null

  const connect = useMutation({
    mutationFn: (body: { connectorId: string; method: string; name: string; values: Record<string, string> }) =>
      send<AccountView>('/api/accounts', 'POST', body),
    onSuccess: (account) => {
      setName('')
      setValues({})
      queryClient.invalidateQueries({ queryKey: accountKeys.lists })
      onConnected(account)
    },
  })
  const error = byConsent ? oauthError : connect.error
  const errors = fieldErrorsOf(error)
  const shown = ['/connectorId', '/method', '/name', ...(byFields ? method.fields.map((f) => `/values/${f.key}`) : [])]

  function chooseConnector(id: string) {
    setConnectorId(id)
    setMethodKind('')
    setValues({})
    connect.reset()
  }

  function submit(e: FormEvent) {
    e.preventDefault()
    if (locked.disabled || !connector || !method) return
    if (byConsent) {
      if (!unavailable && !oauthPending) onOAuth(connector, name)
      return
    }
    connect.mutate({ connectorId: connector.id, method: method.method, name, values: valuesToSend(method.fields, values, false) })
  }

  return (
    <form className="card section page-part new-agent" aria-labelledby="connect-title" onSubmit={submit} noValidate>
      <h2 id="connect-title">Connect an account</h2>
      {locked.disabled && <p className="muted small">{viewerReason}</p>}
      {connectors.length === 0 ? (
        <p className="muted">No installed connector has accounts.</p>
      ) : (
        <>
          <ProblemAlert error={error} shown={shown} />
          <div className="grid-2">
            <div className="field">
              <label htmlFor="connect-connector">Connector</label>
              <select
                id="connect-connector"
                value={connectorId}
                onChange={(e) => chooseConnector(e.target.value)}
                aria-invalid={errors['/connectorId'] ? true : undefined}
              >
                {connectors.length > 1 && <option value="">Choose…</option>}
                {connectors.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
              {errors['/connectorId'] && <div className="field-error">{errors['/connectorId'].join(' ')}</div>}
            </div>
            {connector && (
              <div className="field">
                <label htmlFor="connect-method">Method</label>
                <select
                  id="connect-method"
                  value={method?.method ?? ''}
                  onChange={(e) => {
                    setMethodKind(e.target.value)
                    connect.reset()
                  }}
                  aria-invalid={errors['/method'] ? true : undefined}
                >
                  {connector.methods.map((m) => (
                    <option key={m.method} value={m.method}>
                      {m.name}
                    </option>
                  ))}
                </select>
                {errors['/method'] && <div className="field-error">{errors['/method'].join(' ')}</div>}
              </div>
            )}
          </div>
          {byConsent && (
            <>
              {unavailable && (
                <div className="notice" role="note">
                  {unavailable}
                </div>
              )}
              <TextField
                id="connect-name"
                label="Name"
                maxLength={100}
                autoComplete="off"
                value={name}
                onChange={setName}
                errors={errors['/name']}
                hint={`How actions and this list call it. Empty: who you sign in as at ${connector!.name}, such as its portal.`}
              />
              <p className="muted small">
                {connector!.name}'s sign-in page opens in a pop-up: sign in there and allow access. The account is connected once you allow it;
                no key or password is entered here.
              </p>
              {method.demo && (
                <p className="small">
                  <span className="badge badge-paused">Demo</span>{' '}
                  <span className="muted">This platform connects {connector!.name} accounts through a local simulator, not {connector!.name} itself.</span>
                </p>
              )}
            </>
          )}
          {method && byFields && (
            <>
              <TextField
                id="connect-name"
                label="Name"
                maxLength={100}
                autoComplete="off"
                value={name}
                onChange={setName}
                errors={errors['/name']}
                hint={`How actions and this list call it. Empty: "${connector!.name} account".`}
              />
              <MethodFields
                fields={method.fields}
                values={values}
                errors={errors}
                idPrefix="connect-field"
                onChange={(key, value) => setValues((current) => ({ ...current, [key]: value }))}
              />
              {method.tested && (
                <p className="muted small">{connector!.name} tries these credentials before they are saved: credentials it refuses are not saved.</p>
              )}
            </>
          )}
          <div className="actions-row">
            {byConsent ? (
              <button
                type="submit"
                className="primary"
                disabled={oauthPending || locked.disabled || !!unavailable}
                title={locked.title ?? unavailable ?? `Opens ${connector!.name}'s sign-in page in a pop-up`}
              >
                {oauthPending ? 'Opening…' : `Connect with ${connector!.name}`}
              </button>
            ) : (
              <button type="submit" className="primary" disabled={connect.isPending || locked.disabled || !byFields} title={locked.title}>
                {connect.isPending ? (method?.tested ? 'Testing…' : 'Connecting…') : 'Connect'}
              </button>
            )}
          </div>
        </>
      )}
    </form>
  )
}
