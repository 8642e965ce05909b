import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { ApiError, fieldErrorsOf, send, type ActionView, type Template } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import AccountSelect from '../accounts/AccountSelect'
import { accountKeys } from '../accounts/queries'
import AgentFlowNotice from '../agents/AgentFlowNotice'
import { flowAgentParam, useFlowAgent } from '../agents/agentFlow'
import FieldInput from '../fields/FieldInput'
import { fromFormValues, relatedFields, toFormValues, type FormValues } from '../fields/fieldValues'
import { historyKeys } from '../history/queries'
import { templateQuery } from '../library/queries'
import { useEditLock } from '../session/session'
import { actionKeys, actionQuery } from './queries'

/** Step one of the creation flow (`/actions/new/:templateId`), and "Edit" of an existing action (`/actions/:id/intent`). */
export default function ActionIntentPage() {
  const { templateId: newFrom, id } = useParams()
  const action = useQuery({ ...actionQuery(id), enabled: !!id })
  const agentId = useFlowAgent()
  const templateId = newFrom ?? action.data?.templateId
  const template = useQuery({ ...templateQuery(templateId), enabled: !!templateId })

  return (
    <section className="narrow">
      <h1>Define the action</h1>
      {agentId && <AgentFlowNotice agentId={agentId} />}
      {action.error && <ErrorNotice error={action.error} />}
      {template.error && <ErrorNotice error={template.error} />}
      {(action.isLoading || template.isLoading) && <p className="muted">Loading…</p>}
      {template.data && (!id || action.data) && <IntentForm key={id ?? newFrom} template={template.data} action={action.data} agentId={agentId} />}
    </section>
  )
}

function IntentForm({ template, action, agentId }: { template: Template; action?: ActionView; agentId?: string }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [name, setName] = useState(action?.name ?? '')
  const [intent, setIntent] = useState(action?.intent ?? '')
  const [fields, setFields] = useState<FormValues>(() => toFormValues(template.intentFields, action?.intentFields))
  const [accountId, setAccountId] = useState<string | null>(action?.accountId ?? null)
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({})
  const locked = useEditLock()
  // Whether the template's connector has accounts to choose from (it connects them with fields or a consent page).
  const hasAccounts = template.authorization.methods.length > 0

  const confirm = useMutation({
    mutationFn: (intentFields: Record<string, unknown>) => {
      const body = { name, intent, intentFields, accountId: hasAccounts ? accountId : (action?.accountId ?? null) }
      if (!action) return send<ActionView>('/api/actions', 'POST', { templateId: template.id, ...body })
      const version = queryClient.getQueryData<ActionView>(actionKeys.detail(action.id))?.version ?? action.version
      return send<ActionView>(`/api/actions/${action.id}/intent`, 'PUT', { ...body, version })
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(actionKeys.detail(saved.id), saved)
      queryClient.invalidateQueries({ queryKey: actionKeys.lists })
      queryClient.invalidateQueries({ queryKey: historyKeys.of('actions', saved.id) })
      // The accounts list which actions use each.
      queryClient.invalidateQueries({ queryKey: accountKeys.lists })
      navigate(`/actions/${saved.id}/configure${flowAgentParam(agentId)}`)
    },
    onError: (error) => {
      if (action && error instanceof ApiError && error.problem.status === 409)
        queryClient.invalidateQueries({ queryKey: actionKeys.detail(action.id) })
    },
  })

  function submit(e: FormEvent) {
    e.preventDefault()
    if (locked.disabled) return
    const read = fromFormValues(template.intentFields, fields, '/intentFields')
    setLocalErrors(read.errors)
    if (Object.keys(read.errors).length === 0) confirm.mutate(read.values)
  }

  const errors = { ...fieldErrorsOf(confirm.error), ...localErrors }
  const shown = ['/name', '/intent', ...template.intentFields.map((f) => `/intentFields/${f.key}`), ...(hasAccounts ? ['/accountId'] : [])]

  return (
    <form onSubmit={submit} noValidate aria-label="Action intent">
      <p className="muted">
        From the template <strong>{template.name}</strong> ({template.connector.name} · {template.type})
      </p>
      {template.authorization.required && !hasAccounts && (
        <div className="notice" role="note">
          This template needs a connected {template.connector.name} account, but its connector offers no way to connect one. The action can be
          saved as a draft.
        </div>
      )}
      <ProblemAlert error={confirm.error} shown={shown} />
      <div className="field">
        <label htmlFor="intent-name">Name</label>
        <input
          id="intent-name"
          type="text"
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={errors['/name'] ? true : undefined}
          aria-describedby={errors['/name'] ? 'intent-name-error' : undefined}
        />
        {errors['/name'] && (
          <div id="intent-name-error" className="field-error">
            {errors['/name'].join(' ')}
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor="intent-intent">Intent</label>
        <textarea
          id="intent-intent"
          rows={4}
          maxLength={5000}
          placeholder="What should the action do, and why?"
          value={intent}
          onChange={(e) => setIntent(e.target.value)}
          aria-invalid={errors['/intent'] ? true : undefined}
          aria-describedby={errors['/intent'] ? 'intent-intent-error' : undefined}
        />
        {errors['/intent'] && (
          <div id="intent-intent-error" className="field-error">
            {errors['/intent'].join(' ')}
          </div>
        )}
      </div>
      {template.intentFields.map((field) => (
        <FieldInput
          key={field.key}
          idPrefix="intent-field"
          field={field}
          accountId={hasAccounts ? accountId : null}
          related={relatedFields(template.intentFields, fields, template.configurationFields, action?.configuration)}
          value={fields[field.key]}
          errors={errors[`/intentFields/${field.key}`]}
          onChange={(value) => setFields((current) => ({ ...current, [field.key]: value }))}
        />
      ))}
      {hasAccounts && <AccountSelect template={template} value={accountId} onChange={setAccountId} errors={errors['/accountId']} />}
      <div className="actions-row">
        <button type="submit" className="primary" disabled={confirm.isPending || locked.disabled} title={locked.title}>
          Confirm
        </button>
        <Link to={agentId ? `/agents/${agentId}` : action ? `/actions/${action.id}` : '/library'}>Cancel</Link>
      </div>
    </form>
  )
}
