import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { ApiError, fieldErrorsOf, send, type ActionView, type AgentView, type Template } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import AgentFlowNotice from '../agents/AgentFlowNotice'
import { flowAgentParam, useFlowAgent } from '../agents/agentFlow'
import { agentKeys } from '../agents/queries'
import FieldInput from '../fields/FieldInput'
import { fromFormValues, relatedFields, toFormValues, type FormValues } from '../fields/fieldValues'
import { historyKeys } from '../history/queries'
import { templateQuery } from '../library/queries'
import { useEditLock } from '../session/session'
import { actionKeys, actionQuery } from './queries'

/** Step two of the creation flow (`/actions/:id/configure`): the template's own settings. */
export default function ActionConfigurationPage() {
  const { id } = useParams()
  const agentId = useFlowAgent()
  const action = useQuery(actionQuery(id))
  const templateId = action.data?.templateId
  const template = useQuery({ ...templateQuery(templateId), enabled: !!templateId && action.data?.template.available !== false })

  return (
    <section className="narrow">
      <h1>Configure the action</h1>
      {agentId && <AgentFlowNotice agentId={agentId} />}
      {action.error && <ErrorNotice error={action.error} />}
      {template.error && <ErrorNotice error={template.error} />}
      {action.isLoading && <p className="muted">Loading…</p>}
      {action.data?.template.message && (
        <div className="notice" role="note">
          {action.data.template.message}
        </div>
      )}
      {action.data && template.data && <ConfigurationForm key={action.data.id} action={action.data} template={template.data} agentId={agentId} />}
    </section>
  )
}

type Intent = 'intent' | 'draft' | 'publish' | 'save'

/**
 * With `agentId` (a flow started from Build My Agent), saving a published action attaches it to that
 * agent and returns to the agent page; Save as draft returns there too, without attaching.
 */
function ConfigurationForm({ action, template, agentId }: { action: ActionView; template: Template; agentId?: string }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [values, setValues] = useState<FormValues>(() => toFormValues(template.configurationFields, action.configuration))
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({})
  const published = action.state !== 'draft'
  const fields = template.configurationFields
  const locked = useEditLock()

  const save = useMutation({
    mutationFn: async ({ configuration, then }: { configuration: Record<string, unknown>; then: Intent }) => {
      const version = queryClient.getQueryData<ActionView>(actionKeys.detail(action.id))?.version ?? action.version
      let saved = await send<ActionView>(`/api/actions/${action.id}/configuration`, 'PUT', { configuration, version })
      queryClient.setQueryData(actionKeys.detail(action.id), saved)
      if (then === 'publish') {
        saved = await send<ActionView>(`/api/actions/${action.id}/publish`, 'POST', { version: saved.version })
        queryClient.setQueryData(actionKeys.detail(action.id), saved)
      }
      if (agentId && saved.state !== 'draft' && then !== 'intent') {
        const agent = await send<AgentView>(`/api/agents/${agentId}/actions/${action.id}`, 'PUT')
        queryClient.setQueryData(agentKeys.detail(agentId), agent)
        queryClient.invalidateQueries({ queryKey: historyKeys.of('agents', agentId) })
        queryClient.invalidateQueries({ queryKey: agentKeys.lists })
        queryClient.invalidateQueries({ queryKey: actionKeys.detail(action.id) })
      }
      return { saved, then }
    },
    onSuccess: ({ then }) =>
      navigate(
        then === 'intent'
          ? `/actions/${action.id}/intent${flowAgentParam(agentId)}`
          : agentId
            ? `/agents/${agentId}`
            : `/actions/${action.id}`,
        // The action page says what Save action did, and offers the next step.
        { state: then === 'publish' ? { published: true } : undefined },
      ),
    onError: (error) => {
      if (error instanceof ApiError && error.problem.status === 409) queryClient.invalidateQueries({ queryKey: actionKeys.detail(action.id) })
    },
    onSettled: () => {
      queryClient.invalidateQueries({ queryKey: actionKeys.lists })
      queryClient.invalidateQueries({ queryKey: historyKeys.of('actions', action.id) })
    },
  })

  function run(then: Intent) {
    if (locked.disabled) return
    const read = fromFormValues(fields, values, '/configuration')
    setLocalErrors(read.errors)
    if (Object.keys(read.errors).length === 0) save.mutate({ configuration: read.values, then })
  }

  function submit(e: FormEvent) {
    e.preventDefault()
    run(published ? 'save' : 'draft')
  }

  const errors = { ...fieldErrorsOf(save.error), ...localErrors }
  const shown = fields.map((f) => `/configuration/${f.key}`)
  const related = relatedFields(fields, values, template.intentFields, action.intentFields)

  return (
    <form onSubmit={submit} noValidate aria-label="Action configuration">
      <p className="muted">
        <strong>{action.name}</strong> · from the template {action.templateName} ({action.type}) · {published ? 'published' : 'draft'}
      </p>
      <ProblemAlert error={save.error} shown={shown} />
      {Object.keys(localErrors).length > 0 && !save.error && (
        <div role="alert" className="error">
          Some values cannot be read; see the fields below.
        </div>
      )}
      {fields.length === 0 && <p className="muted">This template has nothing to configure.</p>}
      {fields.map((field) => (
        <FieldInput
          key={field.key}
          idPrefix="config"
          field={field}
          accountId={action.accountId}
          related={related}
          value={values[field.key]}
          errors={errors[`/configuration/${field.key}`]}
          onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))}
        />
      ))}
      <div className="actions-row">
        {published ? (
          <>
            <button type="submit" className="primary" disabled={save.isPending || locked.disabled} title={locked.title}>
              Save
            </button>
            <Link to={agentId ? `/agents/${agentId}` : `/actions/${action.id}`}>Cancel</Link>
          </>
        ) : (
          <>
            <button type="button" disabled={save.isPending || locked.disabled} title={locked.title} onClick={() => run('intent')}>
              Edit action intent
            </button>
            <button type="submit" disabled={save.isPending || locked.disabled} title={locked.title}>
              Save as draft
            </button>
            <button type="button" className="primary" disabled={save.isPending || locked.disabled} title={locked.title} onClick={() => run('publish')}>
              Save action
            </button>
          </>
        )}
      </div>
    </form>
  )
}
