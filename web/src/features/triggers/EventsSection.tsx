import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { fieldErrorsOf, send, type ActionState, type ActionTrigger } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import FieldInput from '../fields/FieldInput'
import { relatedFields, toFormValues, type FormValues } from '../fields/fieldValues'
import { useEditLock } from '../session/session'
import { eventsQuery, triggerKeys } from './queries'

/**
 * "Run on events": the action runs when its connected system announces an event (a Pipes card created or moved).
 * The platform subscribes there with the action's account; shown only for connectors that announce events.
 */
export default function EventsSection({ actionId, accountId, state }: { actionId: string; accountId?: string | null; state: ActionState }) {
  const queryClient = useQueryClient()
  const key = triggerKeys.events(actionId)
  const trigger = useQuery(eventsQuery(actionId))
  const [message, setMessage] = useState('')
  const locked = useEditLock()

  const remove = useMutation({
    mutationFn: () => send<ActionTrigger>(`/api/actions/${actionId}/trigger`, 'DELETE'),
    onSuccess: (saved) => {
      queryClient.setQueryData(key, saved)
      setMessage('The action no longer runs on events.')
    },
  })

  const data = trigger.data
  const type = data?.available[0]
  if (!trigger.error && (!data || !type)) return null
  return (
    <section aria-labelledby="events-title" className="card section">
      <h2 id="events-title">Run on events</h2>
      {trigger.error && <ErrorNotice error={trigger.error} />}
      {data && type && (
        <>
          <p className="muted small">{type.description}</p>
          {state !== 'active' && data.subscription && (
            <div className="notice" role="note">
              This action is {state === 'draft' ? 'a draft' : 'paused'}: events are recorded as rejected runs until it is active.
            </div>
          )}
          {data.warning && (
            <div className="notice" role="alert">
              {data.warning}
            </div>
          )}
          <ProblemAlert error={remove.error} />
          {data.subscription ? (
            <>
              <p>
                Runs when{' '}
                {type.events
                  .filter((e) => data.subscription!.events.includes(e.id))
                  .map((e) => e.name.toLowerCase())
                  .join(' or ')}
                {type.fields.map((f) => (
                  <span key={f.key}>
                    {' '}
                    · {f.label} <code>{String(data.subscription!.input[f.key] ?? '')}</code>
                  </span>
                ))}
              </p>
              <button type="button" disabled={remove.isPending || locked.disabled} title={locked.title} onClick={() => remove.mutate()}>
                Stop running on events
              </button>
            </>
          ) : (
            <SubscribeForm
              actionId={actionId}
              accountId={accountId}
              type={type}
              onSaved={(saved) => {
                queryClient.setQueryData(key, saved)
                setMessage('The action now runs on these events.')
              }}
            />
          )}
          <p className="muted small" role="status">
            {message}
          </p>
        </>
      )}
    </section>
  )
}

function SubscribeForm({
  actionId,
  accountId,
  type,
  onSaved,
}: {
  actionId: string
  accountId?: string | null
  type: ActionTrigger['available'][number]
  onSaved: (saved: ActionTrigger) => void
}) {
  const [values, setValues] = useState<FormValues>(() => toFormValues(type.fields, undefined))
  const [events, setEvents] = useState<string[]>(() => type.events.map((e) => e.id))
  const locked = useEditLock()
  const subscribe = useMutation({
    mutationFn: () => send<ActionTrigger>(`/api/actions/${actionId}/trigger`, 'PUT', { triggerId: type.id, input: values, events }),
    onSuccess: onSaved,
  })
  const errors = fieldErrorsOf(subscribe.error)
  const related = relatedFields(type.fields, values, [], undefined)

  function submit(e: FormEvent) {
    e.preventDefault()
    if (!locked.disabled) subscribe.mutate()
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Run on events">
      <ProblemAlert error={subscribe.error} shown={[...type.fields.map((f) => `/input/${f.key}`), '/events']} />
      {!accountId && <p className="muted small">Connect an account on the action's intent page to run it on events.</p>}
      {type.fields.map((field) => (
        <FieldInput
          key={field.key}
          idPrefix="events"
          field={field}
          accountId={accountId}
          related={related}
          value={values[field.key]}
          errors={errors[`/input/${field.key}`]}
          onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))}
        />
      ))}
      <fieldset className="field" aria-describedby={errors['/events'] ? 'events-events-error' : undefined}>
        <legend>Events</legend>
        {type.events.map((event) => (
          <label key={event.id} className="checkbox">
            <input
              type="checkbox"
              checked={events.includes(event.id)}
              onChange={(e) => setEvents((current) => (e.target.checked ? [...current, event.id] : current.filter((id) => id !== event.id)))}
            />{' '}
            {event.name}
          </label>
        ))}
        {errors['/events'] && (
          <div id="events-events-error" className="field-error">
            {errors['/events'].join(' ')}
          </div>
        )}
      </fieldset>
      <button type="submit" className="primary" disabled={subscribe.isPending || locked.disabled || !accountId} title={locked.title}>
        {subscribe.isPending ? 'Subscribing…' : 'Run on these events'}
      </button>
    </form>
  )
}
