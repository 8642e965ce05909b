import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import type { Template } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import { useOAuthConnect } from './oauth'
import { accountsOfConnectorQuery } from './queries'

interface Props {
  template: Template
  /** The chosen account's id; null for none. */
  value: string | null
  onChange: (accountId: string | null) => void
  /** The `/accountId` errors of a 422 answer. */
  errors?: string[]
}

/**
 * The intent page's choice of the connected account the action calls its connector with. A connector that signs
 * in with OAuth 2.0 is authorized right here (004: "If required, a pop-up will appear"): the new account is chosen
 * once the pop-up reports it connected, and the flow goes on.
 */
export default function AccountSelect({ template, value, onChange, errors }: Props) {
  const accounts = useQuery(accountsOfConnectorQuery(template.connector.id))
  const [outcome, setOutcome] = useState<{ connected: boolean; message: string } | null>(null)
  const oauth = useOAuthConnect((result) => {
    setOutcome(result)
    if (result.connected && result.accountId) onChange(result.accountId)
  })
  const signsIn = template.authorization.methods.some((m) => m.kind === 'OAuth2')
  const items = accounts.data?.items ?? []
  const required = template.authorization.required
  const connector = template.connector.name
  // The action's account may be beyond the first hundred listed: it stays chosen.
  const unlisted = !!value && !!accounts.data && !items.some((a) => a.id === value)
  const describedBy = [errors?.length ? 'intent-account-error' : '', 'intent-account-hint'].filter(Boolean).join(' ')

  return (
    <div className="field">
      <label htmlFor="intent-account">
        Account
        {required && <span className="muted small"> (required)</span>}
      </label>
      <select
        id="intent-account"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || null)}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
      >
        <option value="">{required ? 'Choose an account…' : 'No account'}</option>
        {unlisted && <option value={value}>The action's current account</option>}
        {items.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
            {a.status === 'unreadable' ? ' (cannot be used: enter its key again)' : ''}
            {a.status === 'needsReconnecting' ? ' (cannot be used: reconnect it on the Accounts page)' : ''}
          </option>
        ))}
      </select>
      {errors && errors.length > 0 && (
        <div id="intent-account-error" className="field-error">
          {errors.join(' ')}
        </div>
      )}
      <div id="intent-account-hint" className="muted small">
        {accounts.isLoading
          ? `Loading the ${connector} accounts…`
          : accounts.error
            ? `The ${connector} accounts could not be loaded: ${accounts.error.message}`
            : items.length === 0
              ? `No ${connector} account is connected yet.`
              : required
                ? `The action calls ${connector} with this account.`
                : `Optional: the action calls ${connector} with this account, or without one.`}
        {required && !value && ' The action can be saved as a draft until an account is chosen; it cannot be published without one.'}{' '}
        <Link to="/accounts">{items.length > 0 ? 'Connect another account' : 'Connect an account'}</Link>
      </div>
      {signsIn && (
        <div className="inline-row">
          <button
            type="button"
            disabled={oauth.isPending}
            onClick={() => {
              setOutcome(null)
              oauth.mutate({ connectorId: template.connector.id })
            }}
          >
            Connect with {connector}
          </button>
          <span role="status" className="muted small">
            {outcome?.connected ? `${outcome.message} It is chosen for this action.` : oauth.isSuccess && !outcome ? `Continue in the ${connector} window: sign in there and allow access.` : ''}
          </span>
        </div>
      )}
      <ProblemAlert error={oauth.error} />
      {outcome && !outcome.connected && (
        <div role="alert" className="error">
          {outcome.message}
        </div>
      )}
    </div>
  )
}
