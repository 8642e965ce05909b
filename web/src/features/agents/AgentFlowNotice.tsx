import { useQuery } from '@tanstack/react-query'
import { agentQuery } from './queries'

/** "Adding to agent …" on the steps of a creation flow started from Build My Agent. */
export default function AgentFlowNotice({ agentId }: { agentId: string }) {
  const agent = useQuery(agentQuery(agentId))
  return (
    <div className="notice" role="note" aria-label="Agent">
      Adding to agent <strong>{agent.data?.name ?? '…'}</strong>
      {agent.error ? <span className="bad"> (this agent cannot be loaded)</span> : null}. Saving the action with Save action adds it to the
      agent's Build My Agent setup; a draft is not added.
    </div>
  )
}
