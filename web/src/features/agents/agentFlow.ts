import { useSearchParams } from 'react-router-dom'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether `id` looks like an agent's id (a UUID). */
export const isUuid = (id: string) => uuid.test(id)

/** The agent a creation flow was started for (`?agent=`), when it names one. */
export function useFlowAgent() {
  const [params] = useSearchParams()
  const raw = params.get('agent')
  return raw && uuid.test(raw) ? raw : undefined
}

/** `?agent=` to carry along to the next step of the creation flow, or nothing. */
export function flowAgentParam(agentId: string | undefined) {
  return agentId ? `?agent=${encodeURIComponent(agentId)}` : ''
}
