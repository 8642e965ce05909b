import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { fieldErrorsOf, send, type AccountMethod, type AccountView } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import AccountDialog from './AccountDialog'
import { valuesToSend } from './accountValues'
import MethodFields from './MethodFields'
import { accountKeys } from './queries'

/** "Update key": the method's fields, settings filled in, secrets empty (kept unless a new one is entered); tested like a new account. */
export default function UpdateKeyDialog({
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
      queryClient.invalidateQueries({ queryKey: accountKeys.lists })
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
    <AccountDialog title={`Update the key of ${account.name}`}>
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
    </AccountDialog>
  )
}
