import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ApiError, send, type AccountUser, type AccountView } from '../../api'
import ConfirmDialog from '../../components/ConfirmDialog'
import ActionLinks from './ActionLinks'
import { accountKeys } from './queries'

/** "Disconnect": asks first; refused while actions use the account, which are then listed as links. */
export default function DisconnectAccountDialog({ account, onDone, onClose }: { account: AccountView; onDone: () => void; onClose: () => void }) {
  const queryClient = useQueryClient()
  const remove = useMutation({
    mutationFn: () => send<void>(`/api/accounts/${account.id}`, 'DELETE'),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: accountKeys.lists })
      onDone()
    },
    onError: () => queryClient.invalidateQueries({ queryKey: accountKeys.lists }),
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
