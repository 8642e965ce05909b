import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent, type ReactNode } from 'react'
import { Link } from 'react-router-dom'
import {
  api,
  ApiError,
  fieldErrorsOf,
  send,
  type AccountConnector,
  type AccountField,
  type AccountMethod,
  type AccountMethodKind,
  type AccountReplaced,
  type AccountUser,
  type AccountView,
  type PageOf,
} from '../api'
import ConfirmDialog from '../components/ConfirmDialog'
import ErrorNotice from '../components/ErrorNotice'
import FieldInput from '../components/FieldInput'
import ProblemAlert from '../components/ProblemAlert'
import TextField from '../components/TextField'
import { accountsOfConnectorQuery } from '../components/accounts'
import { useOAuthConnect, type OAuthStart } from '../components/oauth'
import { formatTime } from '../components/runs'
import { useEditLock, viewerReason } from '../session'
import Pager from '../components/Pager'
import { count } from '../components/wording'

const pageSize = 50

/** What a method is called when its connector is no longer installed (the connector names its own methods). */
const methodLabels: Record<AccountMethodKind, string> = {
  ApiKey: 'API key',
  Bearer: 'Bearer token',
  Basic: 'Username and password',
  OAuth2: 'OAuth 2.0',
}

type Open = { kind: 'update' | 'replace' | 'disconnect'; account: AccountView }

/**
 * `/accounts`: the workspace's connected third-party accounts, the actions that use each, and
 * connecting, updating, replacing and disconnecting them (editors and up).
 */
export default function AccountsPage() {
  const [page, setPage] = useState(1)
  const [open, setOpen] = useState<Open | null>(null)
  const [message, setMessage] = useState('')
  const [failure, setFailure] = useState('')
  const locked = useEditLock()
  const oauth = useOAuthConnect((outcome) => {
    setMessage(outcome.connected ? outcome.message : '')
    setFailure(outcome.connected ? '' : outcome.message)
    if (outcome.connected) setPage(1)
  })
  const reconnecting = !!oauth.variables?.accountId
  const connectors = useQuery({ queryKey: ['account-connectors'], queryFn: () => api<AccountConnector[]>('/api/accounts/connectors') })
  const accounts = useQuery({
    queryKey: ['accounts', 'page', page],
    queryFn: () => api<PageOf<AccountView>>(`/api/accounts?page=${page}&pageSize=${pageSize}`),
    placeholderData: keepPreviousData,
  })
  const pages = accounts.data ? Math.max(1, Math.ceil(accounts.data.total / pageSize)) : 1

  function methodOf(account: AccountView): AccountMethod | undefined {
    return connectors.data?.find((c) => c.id === account.connectorId)?.methods.find((m) => m.method === account.method)
  }

  function done(text: string) {
    setOpen(null)
    setMessage(text)
  }

  /** Opens the provider's consent page in a pop-up; the outcome comes back as a message. */
  function startOAuth(start: OAuthStart, connectorName: string) {
    setFailure('')
    oauth.mutate(start, {
      onSuccess: () => setMessage(`Continue in the ${connectorName} window that opened: sign in there and allow access.`),
      onError: () => setMessage(''),
    })
  }

  return (
    <section>
      <h1>Accounts</h1>
      <p className="muted">
        The third-party accounts this workspace's actions call other systems with. A key, token or password is sealed when it is saved and never
        shown again; an account that actions use cannot be disconnected until they are switched to another account or deleted.
      </p>
      <div role="status" className="muted small">
        {message}
      </div>
      {failure && (
        <div role="alert" className="error">
          {failure}
        </div>
      )}
      {reconnecting && <ProblemAlert error={oauth.error} />}
      {accounts.error && <ErrorNotice error={accounts.error} />}
      {accounts.isLoading && <p className="muted">Loading accounts…</p>}
      {accounts.data && accounts.data.items.length === 0 && <p className="muted">No account is connected yet.</p>}
      {accounts.data && accounts.data.items.length > 0 && (
        <>
          <table className="table" aria-label="Connected accounts">
            <thead>
              <tr>
                <th scope="col">Connector</th>
                <th scope="col">Name</th>
                <th scope="col">Method</th>
                <th scope="col">Status</th>
                <th scope="col">Connected</th>
                <th scope="col">Used by</th>
                <th scope="col">
                  <span className="visually-hidden">Changes</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.items.map((a) => {
                const method = methodOf(a)
                const fields = method && method.method !== 'OAuth2' && method.fields.length > 0
                const reconnect = a.method === 'OAuth2' && a.status === 'needsReconnecting'
                return (
                  <tr key={a.id}>
                    <td>
                      {a.connectorName}
                      {a.demo && (
                        <>
                          {' '}
                          <span className="badge badge-paused" title={`Connected through a local ${a.connectorName} simulator, not ${a.connectorName} itself`}>
                            Demo
                          </span>
                        </>
                      )}
                      {a.externalName && <div className="small muted">{a.externalName}</div>}
                    </td>
                    <td>{a.name}</td>
                    <td className="small">{method?.name ?? methodLabels[a.method] ?? a.method}</td>
                    <td>
                      {a.status === 'connected' ? (
                        <span className="badge badge-active">Connected</span>
                      ) : a.status === 'needsReconnecting' ? (
                        <>
                          <span className="badge badge-run-failed">Needs reconnecting</span>
                          {a.problem && <div className="small bad">{a.problem}</div>}
                        </>
                      ) : (
                        <>
                          <span className="badge badge-run-failed">Unreadable</span>
                          {a.problem && <div className="small bad">{a.problem}</div>}
                        </>
                      )}
                    </td>
                    <td className="small">
                      {a.connectedBy}
                      <div className="muted">{formatTime(a.connectedAt)}</div>
                      {a.updatedAt && (
                        <div className="muted">
                          Updated by {a.updatedBy}, {formatTime(a.updatedAt)}
                        </div>
                      )}
                    </td>
                    <td>
                      {a.usedBy.length === 0 ? (
                        <span className="muted small">No action</span>
                      ) : (
                        <ActionLinks actions={a.usedBy} label={`Actions using ${a.name}`} />
                      )}
                    </td>
                    <td>
                      <div className="inline-row wrap">
                        {reconnect && (
                          <button
                            type="button"
                            className="primary"
                            aria-label={`Reconnect ${a.name}`}
                            disabled={locked.disabled || oauth.isPending || !!method?.unavailable}
                            title={locked.title ?? method?.unavailable ?? `Sign in to ${a.connectorName} again in a pop-up; its actions keep working`}
                            onClick={() => startOAuth({ connectorId: a.connectorId, accountId: a.id }, a.connectorName)}
                          >
                            Reconnect
                          </button>
                        )}
                        <button
                          type="button"
                          aria-label={`Update key of ${a.name}`}
                          disabled={locked.disabled || !fields}
                          title={locked.title ?? (fields ? 'Enter a new API key, token or password; its actions keep working' : undefined)}
                          onClick={() => setOpen({ kind: 'update', account: a })}
                        >
                          Update key
                        </button>
                        <button
                          type="button"
                          aria-label={`Replace ${a.name}`}
                          disabled={locked.disabled}
                          title={locked.title ?? 'Switch every action that uses it to another account'}
                          onClick={() => setOpen({ kind: 'replace', account: a })}
                        >
                          Replace
                        </button>
                        <button
                          type="button"
                          className="bad"
                          aria-label={`Disconnect ${a.name}`}
                          disabled={locked.disabled}
                          title={locked.title}
                          onClick={() => setOpen({ kind: 'disconnect', account: a })}
                        >
                          Disconnect
                        </button>
                      </div>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {pages > 1 && (
            <Pager page={page} pages={pages} onPage={setPage}>
{count(accounts.data.total, 'account')}
</Pager>
          )}
        </>
      )}
      {connectors.error && <ErrorNotice error={connectors.error} />}
      {connectors.data && (
        <ConnectForm
          connectors={connectors.data}
          onConnected={(account) => {
            setPage(1)
            setMessage(`Connected ${account.name}.`)
          }}
          onOAuth={(connector, name) => startOAuth({ connectorId: connector.id, name }, connector.name)}
          oauthPending={oauth.isPending}
          oauthError={reconnecting ? null : oauth.error}
        />
      )}
      {open?.kind === 'update' && (
        <UpdateKeyDialog
          account={open.account}
          method={methodOf(open.account)}
          onDone={(account) => done(`Saved the new values of ${account.name}; the actions that use it keep working with them.`)}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === 'replace' && <ReplaceDialog account={open.account} onClose={() => setOpen(null)} />}
      {open?.kind === 'disconnect' && (
        <DisconnectDialog account={open.account} onDone={() => done(`Disconnected ${open.account.name}.`)} onClose={() => setOpen(null)} />
      )}
    </section>
  )
}

function ActionLinks({ actions, label }: { actions: AccountUser[]; label: string }) {
  return (
    <ul className="plain" aria-label={label}>
      {actions.map((u) => (
        <li key={u.actionId}>
          <Link to={`/actions/${u.actionId}`}>{u.name}</Link>
        </li>
      ))}
    </ul>
  )
}

/** The values to send for `fields`: a secret left empty is left out (it keeps its value); a setting left empty is cleared. */
function valuesToSend(fields: AccountField[], values: Record<string, string>, keepEmptySecrets: boolean): Record<string, string> {
  const sent: Record<string, string> = {}
  for (const field of fields) {
    const value = values[field.key] ?? ''
    if (field.kind === 'Secret' && keepEmptySecrets && !value.trim()) continue
    sent[field.key] = value
  }
  return sent
}

function MethodFields({
  fields,
  values,
  errors,
  idPrefix,
  onChange,
  secretsSet,
}: {
  fields: AccountField[]
  values: Record<string, string>
  errors: Record<string, string[]>
  idPrefix: string
  onChange: (key: string, value: string) => void
  /** For "Update key": the secret fields that are set, which may be left empty to keep them. */
  secretsSet?: string[]
}) {
  return (
    <>
      {fields.map((field) => {
        const kept = field.kind === 'Secret' && secretsSet?.includes(field.key)
        const shown = kept
          ? { ...field, required: false, help: ['Leave it empty to keep the current one.', field.help].filter(Boolean).join(' ') }
          : field
        return (
          <FieldInput
            key={field.key}
            idPrefix={idPrefix}
            field={shown}
            value={values[field.key] ?? ''}
            errors={errors[`/values/${field.key}`]}
            onChange={(value) => onChange(field.key, typeof value === 'string' ? value : String(value))}
          />
        )
      })}
    </>
  )
}

/**
 * "Connect an account": a connector, one of its methods, that method's fields and a name; tried with the connector's test call first.
 * An OAuth 2.0 method has no fields: "Connect with …" opens the provider's consent page in a pop-up (`onOAuth`).
 */
function ConnectForm({
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
      queryClient.invalidateQueries({ queryKey: ['accounts'] })
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

function Dialog({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="account-dialog-title" className="dialog">
        <h2 id="account-dialog-title">{title}</h2>
        {children}
      </div>
    </div>
  )
}

/** "Update key": the method's fields, settings filled in, secrets empty (kept unless a new one is entered); tested like a new account. */
function UpdateKeyDialog({
  account,
  method,
  onDone,
  onClose,
}: {
  account: AccountView
  method: AccountMethod | undefined
  onDone: (account: AccountView) => void
  onClose: () => void
}) {
  const queryClient = useQueryClient()
  const [values, setValues] = useState<Record<string, string>>(() => ({ ...account.settings }))
  const update = useMutation({
    mutationFn: (sent: Record<string, string>) => send<AccountView>(`/api/accounts/${account.id}/secret`, 'PUT', { values: sent }),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: ['accounts'] })
      onDone(saved)
    },
  })
  const errors = fieldErrorsOf(update.error)
  const fields = method?.fields ?? []

  function submit(e: FormEvent) {
    e.preventDefault()
    update.mutate(valuesToSend(fields, values, true))
  }

  return (
    <Dialog title={`Update the key of ${account.name}`}>
      {!method ? (
        <>
          <p>The {account.connectorName} connector no longer offers this method: reconnect the account instead.</p>
          <div className="actions-row">
            <button type="button" autoFocus onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} noValidate aria-label={`New values of ${account.name}`}>
          <p className="muted small">
            The actions that use it keep working with the new values{method.tested ? `; ${account.connectorName} tries them before they are saved` : ''}.
          </p>
          <ProblemAlert error={update.error} shown={fields.map((f) => `/values/${f.key}`)} />
          <MethodFields
            fields={fields}
            values={values}
            errors={errors}
            idPrefix="update-field"
            secretsSet={account.secretFields}
            onChange={(key, value) => setValues((current) => ({ ...current, [key]: value }))}
          />
          <div className="actions-row">
            <button type="submit" className="primary" disabled={update.isPending}>
              {update.isPending ? 'Saving…' : 'Save'}
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

/** "Replace": switches every action that uses the account to another account of the same connector, then says which. */
function ReplaceDialog({ account, onClose }: { account: AccountView; onClose: () => void }) {
  const queryClient = useQueryClient()
  const others = useQuery(accountsOfConnectorQuery(account.connectorId))
  const candidates = others.data?.items.filter((a) => a.id !== account.id) ?? []
  const [otherId, setOtherId] = useState('')
  const replace = useMutation({
    mutationFn: (accountId: string) => send<AccountReplaced>(`/api/accounts/${account.id}/replace`, 'POST', { accountId }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['accounts'] })
      queryClient.invalidateQueries({ queryKey: ['action'] })
      queryClient.invalidateQueries({ queryKey: ['actions'] })
    },
  })
  const errors = fieldErrorsOf(replace.error)
  const chosen = candidates.find((a) => a.id === otherId)

  function submit(e: FormEvent) {
    e.preventDefault()
    if (otherId) replace.mutate(otherId)
  }

  if (replace.data) {
    const switched = replace.data.actions
    return (
      <Dialog title={`Replace ${account.name}`}>
        <div role="status">
          {switched.length === 0 ? (
            <p>No action used {account.name}, so none was switched.</p>
          ) : (
            <>
              <p>
                {switched.length === 1 ? 'This action now uses' : `These ${switched.length} actions now use`} {chosen?.name ?? 'the other account'}:
              </p>
              <ActionLinks actions={switched} label="Switched actions" />
            </>
          )}
          {switched.length > 0 && <p className="muted small">{account.name} is no longer used by them and can be disconnected.</p>}
        </div>
        <div className="actions-row">
          <button type="button" autoFocus onClick={onClose}>
            Close
          </button>
        </div>
      </Dialog>
    )
  }

  return (
    <Dialog title={`Replace ${account.name}`}>
      <form onSubmit={submit} noValidate aria-label={`Replace ${account.name}`}>
        <p className="muted small">
          {account.usedBy.length === 0
            ? `No action uses ${account.name} now, so replacing it switches none.`
            : `Every action that uses ${account.name} (${account.usedBy.length === 1 ? '1 action' : `${account.usedBy.length} actions`}) is switched to the account you choose, in one step.`}
        </p>
        {others.error && <ErrorNotice error={others.error} />}
        {others.isLoading && <p className="muted">Loading accounts…</p>}
        {others.data && candidates.length === 0 && (
          <p>
            No other {account.connectorName} account is connected. Connect one first, then replace {account.name} with it.
          </p>
        )}
        {candidates.length > 0 && (
          <div className="field">
            <label htmlFor="replace-with">Replace with</label>
            <select
              id="replace-with"
              value={otherId}
              onChange={(e) => setOtherId(e.target.value)}
              aria-invalid={errors['/accountId'] ? true : undefined}
              aria-describedby={errors['/accountId'] ? 'replace-with-error' : undefined}
            >
              <option value="">Choose an account…</option>
              {candidates.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
            {errors['/accountId'] && (
              <div id="replace-with-error" className="field-error">
                {errors['/accountId'].join(' ')}
              </div>
            )}
          </div>
        )}
        <ProblemAlert error={replace.error} shown={['/accountId']} />
        <div className="actions-row">
          <button type="submit" className="primary" disabled={replace.isPending || !otherId}>
            Replace
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  )
}

/** "Disconnect": asks first; refused while actions use the account, which are then listed as links. */
function DisconnectDialog({ account, onDone, onClose }: { account: AccountView; onDone: () => void; onClose: () => void }) {
  const queryClient = useQueryClient()
  const remove = useMutation({
    mutationFn: () => send<void>(`/api/accounts/${account.id}`, 'DELETE'),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['accounts'] })
      onDone()
    },
    onError: () => queryClient.invalidateQueries({ queryKey: ['accounts'] }),
  })
  const problem = remove.error instanceof ApiError ? remove.error.problem : undefined
  const blocking = problem?.status === 409 && Array.isArray(problem.actions) ? (problem.actions as AccountUser[]) : undefined

  return (
    <ConfirmDialog
      title={`Disconnect ${account.name}`}
      confirm="Disconnect"
      pending={remove.isPending}
      error={blocking ? undefined : remove.error}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      <p>Disconnect this account? Its secrets are deleted; this cannot be undone.</p>
      {blocking && (
        <div role="alert" className="error">
          {account.name} is used by {blocking.length === 1 ? '1 action' : `${blocking.length} actions`}, so it stays connected. Switch{' '}
          {blocking.length === 1 ? 'it' : 'them'} to another account (Replace) or delete {blocking.length === 1 ? 'it' : 'them'} before
          disconnecting it:
          <ActionLinks actions={blocking} label={`Actions using ${account.name}`} />
        </div>
      )}
    </ConfirmDialog>
  )
}
