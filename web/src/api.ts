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

/** Where the workspace switcher keeps the chosen workspace's id. */
export const workspaceStorageKey = 'modular.workspace'

/** The workspace chosen with the switcher, or null (the server then uses the caller's first workspace). */
export function storedWorkspaceId(): string | null {
  try {
    return localStorage.getItem(workspaceStorageKey)
  } catch {
    return null
  }
}

export function storeWorkspaceId(id: string | null) {
  try {
    if (id) localStorage.setItem(workspaceStorageKey, id)
    else localStorage.removeItem(workspaceStorageKey)
  } catch {
    // Storage is unavailable (a private window may refuse it): the server's default workspace applies.
  }
}

/**
 * `path` naming the chosen workspace in its query, for the GETs that cannot send the `X-Workspace`
 * header: an EventSource (the live run log) and plain links (document downloads).
 */
export function withWorkspace(path: string): string {
  const id = storedWorkspaceId()
  return id ? `${path}${path.includes('?') ? '&' : '?'}workspace=${encodeURIComponent(id)}` : path
}

/** The public pages: a 401 there is the page's own answer, not a reason to go to the sign-in page. */
const publicPages = ['/sign-in', '/setup', '/invitations/']
/** The calls of the public pages themselves, whose 401 is shown where they were made. */
const publicCalls = ['/api/session', '/api/setup', '/api/sso', '/api/invitation-links/']

function onPublicPage() {
  const path = window.location.pathname
  return publicPages.some((p) => path === p || (p.endsWith('/') && path.startsWith(p)))
}

/** A same-site path to come back to after signing in (anything else becomes the Library). */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/library'
  return /^\/(sign-in|setup)(\/|\?|$)/.test(value) ? '/library' : value
}

/** Goes to the sign-in page, which comes back here once signed in. */
export function goToSignIn() {
  const here = window.location.pathname + window.location.search
  window.location.assign(`/sign-in?returnTo=${encodeURIComponent(here)}`)
}

export interface ApiOptions {
  /** Whether a 401 sends the user to the sign-in page (default: yes, except for the sign-in, setup and invitation calls). */
  signInOn401?: boolean
}

export async function api<T>(path: string, init?: RequestInit, options?: ApiOptions): Promise<T> {
  const response = await call(path, init, options)
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T)
}

/** A text answer (a run's document), with the same errors as {@link api}. */
export async function apiText(path: string): Promise<string> {
  return (await call(path, { headers: { Accept: '*/*' } })).text()
}

export async function apiBytes(path: string): Promise<ArrayBuffer> {
  return (await call(path, { headers: { Accept: '*/*' } })).arrayBuffer()
}

async function call(path: string, init?: RequestInit, options?: ApiOptions): Promise<Response> {
  const workspace = storedWorkspaceId()
  const response = await fetch(path, {
    ...init,
    headers: {
      Accept: 'application/json',
      ...(init?.body ? { 'Content-Type': 'application/json' } : {}),
      ...(workspace ? { 'X-Workspace': workspace } : {}),
      ...init?.headers,
    },
  })
  if (!response.ok) {
    const problem: Problem = response.headers.get('content-type')?.includes('json')
      ? await response.json()
      : { status: response.status, title: response.statusText }
    const signIn = options?.signInOn401 ?? !publicCalls.some((p) => path.startsWith(p))
    if (response.status === 401 && signIn && !onPublicPage()) goToSignIn()
    throw new ApiError({ status: response.status, ...problem })
  }
  return response
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
  /** The connector operation whose choices the field offers, read with the action's account (`POST /api/accounts/{id}/options`). */
  optionsFrom?: string | null
  /** The keys of the fields whose values that operation needs (a sheet's choices need the spreadsheet's id). */
  optionsNeed?: string[]
}

/** The choices `POST /api/accounts/{id}/options` reads from the connected system. */
export interface OptionList {
  options: { value: string; label: string }[]
  /** Whether the system had more choices than it listed. */
  truncated: boolean
}

export interface Template {
  id: string
  name: string
  description: string
  type: string
  /** `iconUrl`: the connector's SVG icon (null when its plugin has none). */
  connector: { id: string; name: string; iconUrl: string | null; version: string }
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
export function send<T>(path: string, method: 'POST' | 'PUT' | 'DELETE', body?: unknown, options?: ApiOptions): Promise<T> {
  return api<T>(path, { method, body: body === undefined ? undefined : JSON.stringify(body) }, options)
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

/** GET /api/actions/{id}/trigger: the events the action's connector announces, and the ones the action runs on. */
export interface ActionTrigger {
  available: { id: string; name: string; description: string; events: { id: string; name: string }[]; fields: Field[] }[]
  subscription: { triggerId: string; input: Record<string, unknown>; events: string[]; subscribedAt: string } | null
  /** The connected system could not be told of the change (its subscription there is to end by hand). */
  warning?: string | null
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

export type Role = 'viewer' | 'editor' | 'admin' | 'owner'

export interface WorkspaceView {
  id: string
  name: string
  createdAt: string
  role: Role
}

/** Who is signed in, and the workspaces they may switch between. */
export interface Me {
  id: string
  email: string
  apiKey: string | null
  workspaces: WorkspaceView[]
}

export interface SetupStatus {
  ownerNeeded: boolean
  passwordRules: string
}

export interface SsoStatus {
  enabled: boolean
  displayName: string | null
}

export interface InvitationLink {
  workspaceId: string
  workspaceName: string
  email: string
  role: Role
  expiresAt: string
  accountExists: boolean
  passwordRules: string
}

export interface Member {
  userId: string
  email: string
  role: Role
  joinedAt: string
}

export interface Invitation {
  id: string
  email: string
  role: Role
  invitedBy: string
  createdAt: string
  expiresAt: string
}

export interface CreatedInvitation extends Invitation {
  /** The invitation link: in this answer only. */
  link: string
  /** Whether the host emails the link (it does when SMTP is configured). */
  emailed: boolean
}

export interface ApiKey {
  id: string
  name: string
  prefix: string
  role: Role
  createdBy: string
  createdAt: string
  expiresAt: string | null
  lastUsedAt: string | null
  expired: boolean
}

export interface CreatedApiKey {
  /** The key itself: in this answer only. */
  key: string
  apiKey: ApiKey
}

/** A service client of the workspace (OAuth 2.0 client credentials grant), with a role it acts with. */
export interface OAuthClient {
  id: string
  clientId: string
  name: string
  role: Role
  createdBy: string
  createdAt: string
}

export interface CreatedOAuthClient {
  /** The client's secret: in this answer only. */
  clientSecret: string
  /** Where the client exchanges its id and secret for a one-hour access token. */
  tokenUrl: string
  client: OAuthClient
}

/** An entry of the audit log: who (`actor`) did what (`what`, a kind such as "member invited") to what (`subject`), when. */
export interface AuditEntry {
  id: string
  at: string
  actor: string
  what: string
  subject: string | null
  detail: string | null
}

/** How an account authenticates: with fields (an API key, a bearer token, a user name and password) or through the provider's consent page. */
export type AccountMethodKind = 'ApiKey' | 'Bearer' | 'Basic' | 'OAuth2'

/** A field the "Connect an account" form asks for (`Secret` ones are sealed and never shown again). */
export type AccountField = Pick<Field, 'key' | 'label' | 'kind' | 'required' | 'help' | 'placeholder'>

export interface AccountMethod {
  method: AccountMethodKind
  name: string
  /** Whether the connector tries the credentials before they are saved. */
  tested: boolean
  fields: AccountField[]
  /** Why the method cannot be used here (an OAuth 2.0 method with no client configured), or null. */
  unavailable?: string | null
  /** Connects through a local simulator of the vendor, not the vendor itself. */
  demo?: boolean
}

/** An installed connector that has accounts, and how each of its methods connects one. */
export interface AccountConnector {
  id: string
  name: string
  iconUrl: string | null
  methods: AccountMethod[]
}

/** An action that uses an account. */
export interface AccountUser {
  actionId: string
  name: string
}

/** A connected account: never its secrets, only which secret fields are set. */
export interface AccountView {
  id: string
  connectorId: string
  connectorName: string
  method: AccountMethodKind
  name: string
  /**
   * `unreadable` when its secrets cannot be opened on this node, `needsReconnecting` when the vendor
   * revoked its access (an OAuth 2.0 account: reconnect it); `problem` says why.
   */
  status: 'connected' | 'unreadable' | 'needsReconnecting'
  problem: string | null
  /** Who the account is at the vendor ("acme.example (portal 1001)"); set for OAuth 2.0 accounts. */
  externalName?: string | null
  /** Connected through a local simulator of the vendor. */
  demo?: boolean
  /** The values of the non-secret fields. */
  settings: Record<string, string>
  /** Which secret fields are set. */
  secretFields: string[]
  connectedBy: string
  connectedAt: string
  updatedBy: string | null
  updatedAt: string | null
  usedBy: AccountUser[]
}

/** The answer of starting an OAuth 2.0 connection: the provider's consent page, to open in a pop-up. */
export interface OAuthStarted {
  authorizeUrl: string
  expiresAt: string
}

/** What the OAuth 2.0 callback page posts to the console (its opener) before it closes. */
export interface OAuthMessage {
  type: 'modular.oauth'
  connected: boolean
  accountId: string | null
  message: string
}

/** The answer of "Replace": the actions switched to the other account. */
export interface AccountReplaced {
  actions: AccountUser[]
}

/** One global of the script API, or a member of one (`GET /api/script-api`). */
export interface ScriptDoc {
  name: string
  signature: string
  summary: string
  members?: ScriptDoc[] | null
}

export interface ScriptApi {
  globals: ScriptDoc[]
  connectors: ScriptDoc[]
}
