/** An RFC 9457 problem details answer from the API. */
export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  errors?: Record<string, string[]>
  [extension: string]: unknown
}

export class ApiError extends Error {
  readonly problem: Problem

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `Request failed (${problem.status})`)
    this.problem = problem
  }
}

export async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}), ...init?.headers },
  })
  if (!response.ok) {
    const problem: Problem = response.headers.get('content-type')?.includes('json')
      ? await response.json()
      : { status: response.status, title: response.statusText }
    throw new ApiError(problem)
  }
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T)
}

export interface Field {
  key: string
  label: string
  kind: 'Text' | 'LongText' | 'Url' | 'Number' | 'Boolean' | 'Select' | 'KeyValue' | 'Json' | 'Secret'
  required: boolean
  help?: string | null
  placeholder?: string | null
  options?: string[] | null
  default?: unknown
}

export interface Template {
  id: string
  name: string
  description: string
  type: string
  connector: { id: string; name: string; icon: string; version: string }
  authorization: { required: boolean; methods: { kind: string; name: string; fields: Field[] }[] }
  intentFields: Field[]
  configurationFields: Field[]
}

export interface TemplateType {
  name: string
  count: number
}

export interface Plugin {
  name: string
  status: 'loaded' | 'failed'
  version?: string | null
  connectors: string[]
  error?: string | null
}

/** Sends `body` as JSON with the given method. */
export function send<T>(path: string, method: 'POST' | 'PUT' | 'DELETE', body?: unknown): Promise<T> {
  return api<T>(path, { method, body: body === undefined ? undefined : JSON.stringify(body) })
}

/** Deletes a versioned resource (an action, an agent): `If-Match` names the version it was based on. */
export function deleteVersioned(path: string, version: number): Promise<void> {
  return api<void>(path, { method: 'DELETE', headers: { 'If-Match': `"${version}"` } })
}

/** The field errors of a 422 answer, keyed by JSON pointer such as `/configuration/url`. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  return error instanceof ApiError ? (error.problem.errors ?? {}) : {}
}

export type ActionState = 'draft' | 'active' | 'paused'

export interface AgentUse {
  agentId: string
  agentName: string
}

export interface ActionView {
  id: string
  name: string
  intent: string
  intentFields: Record<string, unknown>
  templateId: string
  templateName: string
  templateVersion: string
  connectorId: string
  type: string
  template: { available: boolean; installedVersion?: string | null; message?: string | null }
  accountId?: string | null
  configuration: Record<string, unknown>
  description: string
  descriptionNeedsReview: boolean
  code: string
  codeEdited: boolean
  state: ActionState
  usedBy: AgentUse[]
  version: number
  createdAt: string
  createdBy: string
  updatedAt: string
  updatedBy: string
}

export interface ActionSummary {
  id: string
  name: string
  intent: string
  templateId: string
  templateName: string
  connectorId: string
  type: string
  state: ActionState
  usedByCount: number
  version: number
  updatedAt: string
  updatedBy: string
}

export interface PageOf<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface ActionChange {
  version: number
  kind: string
  at: string
  by: string
  changes: { field: string; from: unknown; to: unknown }[]
}

export type AgentState = 'active' | 'paused'

export interface AttachedAction {
  actionId: string
  name: string
  attachedAt: string
}

export type BehaviorActionType =
  | 'move_card'
  | 'update_card'
  | 'create_card'
  | 'create_connected_card'
  | 'create_table_record'
  | 'send_email_template'

export type InputMode = 'fill_with_ai' | 'copy_from' | 'fixed_value'

export interface FieldAttribute {
  fieldId: string
  inputMode: InputMode
  value: string
}

export interface BehaviorAction {
  id?: string
  actionType: BehaviorActionType
  name: string
  referenceId: string
  metadata: {
    pipeId?: string | null
    tableId?: string | null
    destinationPhaseId?: string | null
    fieldsAttributes?: FieldAttribute[] | null
    emailTemplateId?: string | null
    allowTemplateModifications?: boolean | null
  }
}

/** An AI behaviour in the 003 shape. */
export interface Behavior {
  id?: string
  name: string
  eventId: string
  actionParams: { aiBehaviorParams: { instruction: string; actionsAttributes: BehaviorAction[] } }
}

export interface AgentSetup {
  actions: AttachedAction[]
  behaviors: Behavior[]
}

export interface AgentView {
  id: string
  name: string
  description: string
  state: AgentState
  /** The test mode setup that "Build My Agent" edits. */
  working: AgentSetup
  /** What runs live; null until the agent is first published. */
  published: AgentSetup | null
  publishedAt?: string | null
  hasUnpublishedChanges: boolean
  version: number
  createdAt: string
  createdBy: string
  updatedAt: string
  updatedBy: string
}

export interface AgentSummary {
  id: string
  name: string
  description: string
  state: AgentState
  actionCount: number
  behaviorCount: number
  isPublished: boolean
  version: number
  updatedAt: string
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'stopped' | 'rejected'
export type RunTrigger = 'manual' | 'webhook' | 'schedule'

export interface RunDocumentInfo {
  id: string
  name: string
  mediaType: string
  size: number
}

export interface Run {
  id: string
  actionId: string
  actionName: string
  trigger: RunTrigger
  status: RunStatus
  node?: string | null
  queuedAt: string
  startedAt?: string | null
  endedAt?: string | null
  durationMs?: number | null
  error?: string | null
  errorLine?: number | null
  stopRequestedBy?: string | null
  stoppedBy?: string | null
  steps: number
  logLines: number
  connectorCalls: number
  documents: RunDocumentInfo[]
}

export interface RunAccepted {
  runId: string
  status: string
}

export function isRunEnded(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'stopped' || status === 'rejected'
}

export interface Webhook {
  enabled: boolean
  url: string | null
  signatureRequired: boolean
}

export type ScheduleKind = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'cron'

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday'

export interface ScheduleInput {
  enabled: boolean
  kind: ScheduleKind
  minute?: number | null
  time?: string | null
  days?: Weekday[] | null
  dayOfMonth?: number | null
  cron?: string | null
  timeZone: string
}

export interface Schedule extends ScheduleInput {
  cronExpression?: string | null
  nextFireTimes: string[]
}
