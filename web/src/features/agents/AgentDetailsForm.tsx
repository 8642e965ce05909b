import { useState, type FormEvent } from 'react'
import { fieldErrorsOf, type AgentView } from '../../api'
import ProblemAlert from '../../components/ProblemAlert'
import { useAgentWrite } from './useAgentWrite'

/** "Rename or describe" of the agent menu. */
export default function AgentDetailsForm({ agent, onDone }: { agent: AgentView; onDone: () => void }) {
  const [name, setName] = useState(agent.name)
  const [description, setDescription] = useState(agent.description)
  const save = useAgentWrite<{ name: string; description: string }>(agent.id, '', 'PUT', (input) => input, 'Agent saved.')
  const errors = fieldErrorsOf(save.error)

  function submit(e: FormEvent) {
    e.preventDefault()
    save.mutate({ name, description }, { onSuccess: onDone })
  }

  return (
    <form className="card section" aria-label="Rename or describe" onSubmit={submit} noValidate>
      <ProblemAlert error={save.error} shown={['/name', '/description']} />
      <div className="field">
        <label htmlFor="agent-name">Name</label>
        <input
          id="agent-name"
          type="text"
          maxLength={200}
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={errors['/name'] ? true : undefined}
          aria-describedby={errors['/name'] ? 'agent-name-error' : undefined}
        />
        {errors['/name'] && (
          <div id="agent-name-error" className="field-error">
            {errors['/name'].join(' ')}
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor="agent-description">Description</label>
        <textarea
          id="agent-description"
          rows={3}
          maxLength={5000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={errors['/description'] ? true : undefined}
          aria-describedby={errors['/description'] ? 'agent-description-error' : undefined}
        />
        {errors['/description'] && (
          <div id="agent-description-error" className="field-error">
            {errors['/description'].join(' ')}
          </div>
        )}
      </div>
      <div className="actions-row">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
