import type { AccountMethod, AccountMethodKind, AccountView } from '../../api'
import { formatTime } from '../../components/wording'
import { useEditLock } from '../session/session'
import ActionLinks from './ActionLinks'

/** What a method is called when its connector is no longer installed (the connector names its own methods). */
const methodLabels: Record<AccountMethodKind, string> = {
  ApiKey: 'API key',
  Bearer: 'Bearer token',
  Basic: 'Username and password',
  OAuth2: 'OAuth 2.0',
}

/** A change of one account that opens a dialog. */
export type AccountChange = { kind: 'update' | 'replace' | 'disconnect'; account: AccountView }

interface Props {
  accounts: AccountView[]
  /** The method an account connected with, as its connector describes it now (undefined once the connector dropped it). */
  methodOf: (account: AccountView) => AccountMethod | undefined
  /** A consent page is being opened: Reconnect waits. */
  oauthPending: boolean
  onReconnect: (account: AccountView) => void
  onOpen: (change: AccountChange) => void
}

/** The connected accounts: connector, method, status, who connected each, the actions that use it, and its changes. */
export default function AccountsTable({ accounts, methodOf, oauthPending, onReconnect, onOpen }: Props) {
  const locked = useEditLock()
  return (
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
        {accounts.map((a) => {
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
                      disabled={locked.disabled || oauthPending || !!method?.unavailable}
                      title={locked.title ?? method?.unavailable ?? `Sign in to ${a.connectorName} again in a pop-up; its actions keep working`}
                      onClick={() => onReconnect(a)}
                    >
                      Reconnect
                    </button>
                  )}
                  <button
                    type="button"
                    aria-label={`Update key of ${a.name}`}
                    disabled={locked.disabled || !fields}
                    title={locked.title ?? (fields ? 'Enter a new API key, token or password; its actions keep working' : undefined)}
                    onClick={() => onOpen({ kind: 'update', account: a })}
                  >
                    Update key
                  </button>
                  <button
                    type="button"
                    aria-label={`Replace ${a.name}`}
                    disabled={locked.disabled}
                    title={locked.title ?? 'Switch every action that uses it to another account'}
                    onClick={() => onOpen({ kind: 'replace', account: a })}
                  >
                    Replace
                  </button>
                  <button
                    type="button"
                    className="bad"
                    aria-label={`Disconnect ${a.name}`}
                    disabled={locked.disabled}
                    title={locked.title}
                    onClick={() => onOpen({ kind: 'disconnect', account: a })}
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
  )
}
