import { queryOptions } from '@tanstack/react-query'
import { api, ApiError, type ActionTrigger, type Schedule, type Webhook } from '../../api'

/** What the home page lists under "Scheduled next". */
export interface ScheduledRun {
  actionId: string
  at: string
}

export const triggerKeys = {
  webhook: (actionId: string) => ['action-webhook', actionId] as const,
  schedule: (actionId: string) => ['action-schedule', actionId] as const,
  events: (actionId: string) => ['action-trigger', actionId] as const,
  nextScheduled: ['schedules-next'] as const,
}

export const webhookQuery = (actionId: string) =>
  queryOptions({
    queryKey: triggerKeys.webhook(actionId),
    queryFn: () => api<Webhook>(`/api/actions/${actionId}/webhook`),
  })

/** The action's schedule; null when it has none (a 404). */
export const scheduleQuery = (actionId: string) =>
  queryOptions({
    queryKey: triggerKeys.schedule(actionId),
    queryFn: async () => {
      try {
        return await api<Schedule>(`/api/actions/${actionId}/schedule`)
      } catch (error) {
        if (error instanceof ApiError && error.problem.status === 404) return null
        throw error
      }
    },
  })

/** The events the action's connector announces, and the ones the action runs on. */
export const eventsQuery = (actionId: string) =>
  queryOptions({
    queryKey: triggerKeys.events(actionId),
    queryFn: () => api<ActionTrigger>(`/api/actions/${actionId}/trigger`),
  })

/** The next scheduled runs of the workspace, soonest first. */
export const nextScheduledQuery = queryOptions({
  queryKey: triggerKeys.nextScheduled,
  queryFn: () => api<ScheduledRun[]>('/api/schedules/next?take=5'),
})
