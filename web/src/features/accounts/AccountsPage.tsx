import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { AccountMethod, AccountView } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import Pager from '../../components/Pager'
import ProblemAlert from '../../components/ProblemAlert'
import { count } from '../../components/wording'
import AccountsTable, { type AccountChange } from './AccountsTable'
import ConnectAccountForm from './ConnectAccountForm'
import DisconnectAccountDialog from './DisconnectAccountDialog'
import { useOAuthConnect, type OAuthStart } from './oauth'
import { accountConnectorsQuery, accountPageQuery } from './queries'
import ReplaceAccountDialog from './ReplaceAccountDialog'
import UpdateKeyDialog from './UpdateKeyDialog'

const pageSize = 50

/**
 * `/accounts`: the workspace's connected third-party accounts, the actions that use each, and
 * connecting, updating, replacing and disconnecting them (editors and up).
 */
export default function AccountsPage() {
  const [page, setPage] = useState(1)
  const [open, setOpen] = useState<AccountChange | null>(null)
  const [message, setMessage] = useState('')
  const [failure, setFailure] = useState('')
  const oauth = useOAuthConnect((outcome) => {
    setMessage(outcome.connected ? outcome.message : '')
    setFailure(outcome.connected ? '' : outcome.message)
    if (outcome.connected) setPage(1)
  })
  const reconnecting = !!oauth.variables?.accountId
  const connectors = useQuery(accountConnectorsQuery)
  const accounts = useQuery({
    ...accountPageQuery(page, pageSize),
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
          <AccountsTable
            accounts={accounts.data.items}
            methodOf={methodOf}
            oauthPending={oauth.isPending}
            onReconnect={(a) => startOAuth({ connectorId: a.connectorId, accountId: a.id }, a.connectorName)}
            onOpen={setOpen}
          />
          {pages > 1 && (
            <Pager page={page} pages={pages} onPage={setPage}>
              {count(accounts.data.total, 'account')}
            </Pager>
          )}
        </>
      )}
      {connectors.error && <ErrorNotice error={connectors.error} />}
      {connectors.data && (
        <ConnectAccountForm
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
      {open?.kind === 'replace' && <ReplaceAccountDialog account={open.account} onClose={() => setOpen(null)} />}
      {open?.kind === 'disconnect' && (
        <DisconnectAccountDialog account={open.account} onDone={() => done(`Disconnected ${open.account.name}.`)} onClose={() => setOpen(null)} />
      )}
    </section>
  )
}
