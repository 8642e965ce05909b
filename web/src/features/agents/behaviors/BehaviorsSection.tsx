import { useState, type FormEvent } from 'react'
import { fieldErrorsOf, type AgentView, type Behavior } from '../../../api'
import { useEditLock } from '../../session/session'
import { useAgentWrite } from '../useAgentWrite'
import BehaviorsEditor from './BehaviorsEditor'
import { fromDraft, newBehavior, toDraft, type BehaviorDraft } from './behaviorDrafts'

/** The working setup's AI behaviours (003): a list, and an editor that saves them all at once. */
export default function BehaviorsSection({ agent }: { agent: AgentView }) {
  const [drafts, setDrafts] = useState<BehaviorDraft[] | null>(null)
  const save = useAgentWrite<Behavior[]>(agent.id, '/behaviors', 'PUT', (behaviors) => ({ behaviors }))
  const behaviors = agent.working.behaviors
  const locked = useEditLock()

  function edit(addOne: boolean) {
    save.reset()
    setDrafts([...behaviors.map(toDraft), ...(addOne ? [newBehavior()] : [])])
  }

  function submit(e: FormEvent) {
    e.preventDefault()
    if (drafts) save.mutate(drafts.map(fromDraft), { onSuccess: () => setDrafts(null) })
  }

  return (
    <section aria-labelledby="behaviors-title" className="card section">
      <div className="section-head">
        <h2 id="behaviors-title">Behaviours</h2>
        {!drafts && (
          <div className="actions-row">
            {behaviors.length > 0 && (
              <button type="button" disabled={locked.disabled} title={locked.title} onClick={() => edit(false)}>
                Edit behaviours
              </button>
            )}
            <button type="button" disabled={locked.disabled} title={locked.title} onClick={() => edit(true)}>
              Add behaviour
            </button>
          </div>
        )}
      </div>
      <p className="muted small">
        What the agent does when an event happens: its instruction to the AI names each action it may call as{' '}
        <span className="token">%{'{'}action:REFERENCE_ID{'}'}</span>.
      </p>
      <div role="status" className="muted small">
        {save.isPending ? 'Saving…' : save.isSuccess && !drafts ? 'Behaviours saved.' : ''}
      </div>
      {drafts ? (
        <BehaviorsEditor drafts={drafts} setDrafts={setDrafts} errors={fieldErrorsOf(save.error)} error={save.error} pending={save.isPending} onSubmit={submit} onCancel={() => setDrafts(null)} onStructureChange={() => save.reset()} />
      ) : behaviors.length === 0 ? (
        <p className="muted">No behaviours yet.</p>
      ) : (
        <ul className="plain history" aria-label="Behaviours">
          {behaviors.map((b) => (
            <li key={b.id ?? b.name}>
              <h3 className="small-heading">{b.name}</h3>
              <div className="muted small">
                When <span className="token">{b.eventId}</span> ·{' '}
                {b.actionParams.aiBehaviorParams.actionsAttributes.map((a) => `${a.name} (${a.actionType})`).join(', ') || 'no actions'}
              </div>
              <p className="pre small">{b.actionParams.aiBehaviorParams.instruction}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
