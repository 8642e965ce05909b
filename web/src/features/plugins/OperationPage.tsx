import { useMutation, useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router-dom'
import { send, type OperationRun, type OperationSummary } from '../../api'
import ConfirmDialog from '../../components/ConfirmDialog'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import { accountsOfConnectorQuery } from '../accounts/queries'
import { useCanEdit, viewerReason } from '../session/session'
import Markdown from './Markdown'
import { operationQuery } from './queries'

/** `/plugins/operations/:operationId`: an operation's doc page, and "Run it" with an account, without building an action. */
export default function OperationPage() {
  const { operationId } = useParams()
  const operation = useQuery(operationQuery(operationId))

  return (
    <section>
      <div className="muted small">
        <Link to="/plugins">Plugins</Link>
      </div>
      <h1>{operation.data?.operation.displayName ?? 'Operation'}</h1>
      {operation.error && <ErrorNotice error={operation.error} />}
      {operation.data && (
        <>
          <p className="muted small">
            <code>{operation.data.operation.call}(input)</code> · {operation.data.operation.effect === 'write' ? 'changes the connected system' : 'only reads'}
          </p>
          <section aria-labelledby="operation-doc-title" className="card section">
            <h2 id="operation-doc-title">Documentation</h2>
            <Markdown text={operation.data.documentation} />
          </section>
          <RunOperation operation={operation.data.operation} />
        </>
      )}
    </section>
  )
}

function RunOperation({ operation }: { operation: OperationSummary }) {
  const accounts = useQuery(accountsOfConnectorQuery(operation.connectorId))
  const [accountId, setAccountId] = useState('')
  const [input, setInput] = useState('{}')
  const [inputError, setInputError] = useState<string>()
  const [confirming, setConfirming] = useState(false)
  const canEdit = useCanEdit()
  const run = useMutation({
    mutationFn: (body: { accountId: string | null; input: unknown }) =>
      send<OperationRun>(`/api/connectors/${operation.connectorId}/operations/${operation.id}/run`, 'POST', body),
  })

  function parsed(): unknown {
    try {
      const value: unknown = JSON.parse(input)
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('it must be a JSON object')
      setInputError(undefined)
      return value
    } catch (error) {
      setInputError(`Input is not valid: ${error instanceof Error ? error.message : String(error)}.`)
      return undefined
    }
  }

  function start() {
    const value = parsed()
    if (value !== undefined) run.mutate({ accountId: accountId || null, input: value })
  }

  function submit(e: FormEvent) {
    e.preventDefault()
    if (parsed() === undefined) return
    // A write changes the connected system for real: said once more before it happens.
    if (operation.effect === 'write') setConfirming(true)
    else start()
  }

  return (
    <section aria-labelledby="run-operation-title" className="card section">
      <h2 id="run-operation-title">Run it</h2>
      <p className="muted small">One call with the account you choose, as an action's script would make it; it is written to the audit log.</p>
      <form aria-label="Run the operation" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="operation-account">Account</label>
          <select id="operation-account" value={accountId} onChange={(e) => setAccountId(e.target.value)}>
            <option value="">No account</option>
            {accounts.data?.items.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="operation-input">Input (JSON)</label>
          <textarea
            id="operation-input"
            className="mono"
            rows={6}
            spellCheck={false}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            aria-invalid={inputError || run.error ? true : undefined}
            aria-describedby={inputError ? 'operation-input-error' : undefined}
          />
          {inputError && (
            <div id="operation-input-error" className="field-error">
              {inputError}
            </div>
          )}
        </div>
        <ProblemAlert error={run.error} />
        <button type="submit" className="primary" disabled={run.isPending || !canEdit} title={canEdit ? undefined : viewerReason}>
          {run.isPending ? 'Running…' : 'Run'}
        </button>
      </form>
      {run.data && (
        <>
          <p role="status" className="muted small">
            Answered in {run.data.durationMs.toLocaleString()} ms.
          </p>
          <pre className="code wrap" aria-label="Answer" tabIndex={0}>
            {JSON.stringify(run.data.result, null, 2)}
          </pre>
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Run ${operation.displayName}?`}
          confirm="Run"
          pending={run.isPending}
          error={run.error}
          onConfirm={() => {
            setConfirming(false)
            start()
          }}
          onClose={() => setConfirming(false)}
        >
          <p>This operation changes the connected system: it is called for real, with the account you chose.</p>
        </ConfirmDialog>
      )}
    </section>
  )
}
