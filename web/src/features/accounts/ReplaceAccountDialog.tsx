import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { fieldErrorsOf, send, type AccountReplaced, type AccountView } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import { actionKeys } from '../actions/queries'
import AccountDialog from './AccountDialog'
import ActionLinks from './ActionLinks'
import { accountKeys, accountsOfConnectorQuery } from './queries'

/** "Replace": switches every action that uses the account to another account of the same connector, then says which. */
export default function ReplaceAccountDialog({ account, onClose }: { account: AccountView; onClose: () => void }) {
  const queryClient = useQueryClient()
  const others = useQuery(accountsOfConnectorQuery(account.connectorId))
  const candidates = others.data?.items.filter((a) => a.id !== account.id) ?? []
  const [otherId, setOtherId] = useState('')
  const replace = useMutation({
    mutationFn: (accountId: string) => send<AccountReplaced>(`/api/accounts/${account.id}/replace`, 'POST', { accountId }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: accountKeys.lists })
      queryClient.invalidateQueries({ queryKey: actionKeys.details })
      queryClient.invalidateQueries({ queryKey: actionKeys.lists })
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
      <AccountDialog title={`Replace ${account.name}`}>
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
      </AccountDialog>
    )
  }

  return (
    <AccountDialog title={`Replace ${account.name}`}>
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
    </AccountDialog>
  )
}
