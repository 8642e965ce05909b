import type { components } from './api.gen'

/** The API's schemas, generated from its OpenAPI document (web/openapi.json); the types below narrow what it leaves open. */
type S = components['schemas']

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

export type FieldKind = 'Text' | 'LongText' | 'Url' | 'Number' | 'Boolean' | 'Select' | 'KeyValue' | 'Json' | 'Secret'

/** A field of a form the server describes: a template's has every property, a trigger's or an account method's fewer. */
export type Field = Omit<S['AccountFieldView'], 'kind'> &
  Partial<Pick<S['FieldView'], 'options' | 'default' | 'optionsFrom' | 'optionsNeed'>> & { kind: FieldKind }

/** The choices `POST /api/accounts/{id}/options` reads from the connected system (`truncated`: it had more than it listed). */
export type OptionList = S['OptionList']

/** `connector.iconUrl`: the connector's SVG icon (null when its plugin has none). */
export type Template = Omit<S['TemplateView'], 'authorization' | 'intentFields' | 'configurationFields'> & {
  authorization: Omit<S['AuthorizationView'], 'methods'> & { methods: (Omit<S['AuthMethodView'], 'fields'> & { fields: Field[] })[] }
  intentFields: Field[]
  configurationFields: Field[]
}

export type TemplateType = S['TemplateType']

export type Plugin = Omit<S['PluginView'], 'status'> & { status: 'loaded' | 'failed' }

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

export type AgentUse = S['AgentUseView']

export type ActionView = Omit<S['ActionView'], 'state'> & { state: ActionState }

export type ActionSummary = Omit<S['ActionSummary'], 'state'> & { state: ActionState }

export interface PageOf<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

/** An entry of an action's or an agent's history: `changes`, each field from → to. */
export type ActionChange = Required<S['ActionChange']>

export type AgentState = 'active' | 'paused'

export type AttachedAction = S['AttachedAction']

export type BehaviorActionType =
  | 'move_card'
  | 'update_card'
  | 'create_card'
  | 'create_connected_card'
  | 'create_table_record'
  | 'send_email_template'

export type InputMode = 'fill_with_ai' | 'copy_from' | 'fixed_value'

export type FieldAttribute = S['FieldAttribute'] & { inputMode: InputMode }

/** `id` is the server's: a behaviour's action not saved yet has none. */
export type BehaviorAction = Omit<S['BehaviorAction'], 'id' | 'actionType' | 'metadata'> & {
  id?: string
  actionType: BehaviorActionType
  metadata: Omit<S['BehaviorActionMetadata'], 'fieldsAttributes'> & { fieldsAttributes?: FieldAttribute[] | null }
}

/** An AI behaviour in the 003 shape (`id`: none until it is saved). */
export type Behavior = Omit<S['Behavior'], 'id' | 'actionParams'> & {
  id?: string
  actionParams: { aiBehaviorParams: Omit<S['AiBehaviorParams'], 'actionsAttributes'> & { actionsAttributes: BehaviorAction[] } }
}

export type AgentSetup = Omit<Required<S['AgentSetup']>, 'behaviors'> & { behaviors: Behavior[] }

/** `working`: the test mode setup that "Build My Agent" edits; `published`: what runs live, null until first published. */
export type AgentView = Omit<S['AgentView'], 'working' | 'published'> & {
  state: AgentState
  working: AgentSetup
  published: AgentSetup | null
}

export type AgentSummary = Omit<S['AgentSummary'], 'state'> & { state: AgentState }

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'stopped' | 'rejected'
export type RunTrigger = 'manual' | 'webhook' | 'schedule'

export type RunDocumentInfo = S['RunDocumentInfo']

export type Run = Omit<Required<S['Run']>, 'trigger' | 'status'> & { trigger: RunTrigger; status: RunStatus }

export type RunAccepted = S['RunAccepted']

export function isRunEnded(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'stopped' || status === 'rejected'
}

export type Webhook = S['WebhookView']

/** GET /api/actions/{id}/trigger: the events the action's connector announces, and the ones the action runs on. */
/** GET /api/actions/{id}/trigger: the events the action's connector announces, and the ones the action runs on (`warning`: the connected system could not be told of a change). */
export type ActionTrigger = Omit<S['TriggerView'], 'available'> & { available: (Omit<S['TriggerTypeView'], 'fields'> & { fields: Field[] })[] }

export type ScheduleKind = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'cron'

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday'

/** What a schedule is saved with; a frequency needs only its own fields. */
export type ScheduleInput = Partial<Omit<S['ConfigureScheduleRequest'], 'kind' | 'days'>> & {
  enabled: boolean
  kind: ScheduleKind
  timeZone: string
  days?: Weekday[] | null
}

export type Schedule = Omit<S['ScheduleView'], 'kind' | 'days'> & { kind: ScheduleKind; days: Weekday[] | null }

export type Role = 'viewer' | 'editor' | 'admin' | 'owner'

export type WorkspaceView = S['WorkspaceView'] & { role: Role }

/** Who is signed in, and the workspaces they may switch between. */
/** Who is signed in, and the workspaces they may switch between. */
export type Me = Omit<S['MeView'], 'workspaces'> & { workspaces: WorkspaceView[] }

export type SetupStatus = S['SetupStatus']

export type SsoStatus = S['SsoStatus']

export type InvitationLink = S['InvitationLinkView'] & { role: Role }

export type Member = S['MemberView'] & { role: Role }

export type Invitation = S['InvitationView'] & { role: Role }

/** `link`: the invitation link, in this answer only; `emailed`: the host emails it (SMTP is configured). */
export type CreatedInvitation = S['CreatedInvitationView'] & { role: Role }

export type ApiKey = S['ApiKeyView'] & { role: Role }

/** `key`: the key itself, in this answer only. */
export type CreatedApiKey = Omit<S['CreatedApiKeyView'], 'apiKey'> & { apiKey: ApiKey }

/** A service client of the workspace (OAuth 2.0 client credentials grant), with a role it acts with. */
export type OAuthClient = S['OAuthClientView'] & { role: Role }

/** `clientSecret`: in this answer only; `tokenUrl`: where the client exchanges its id and secret for a one-hour access token. */
export type CreatedOAuthClient = Omit<S['CreatedOAuthClientView'], 'client'> & { client: OAuthClient }

/** An entry of the audit log: who (`actor`) did what (`what`, a kind such as "member invited") to what (`subject`), when. */
export type AuditEntry = S['AuditEntryView']

/** How an account authenticates: with fields (an API key, a bearer token, a user name and password) or through the provider's consent page. */
export type AccountMethodKind = 'ApiKey' | 'Bearer' | 'Basic' | 'OAuth2'

/** A field the "Connect an account" form asks for (`Secret` ones are sealed and never shown again). */
export type AccountField = Pick<Field, 'key' | 'label' | 'kind' | 'required' | 'help' | 'placeholder'>

/** `tested`: the connector tries the credentials before they are saved; `unavailable`: why the method cannot be used here; `demo`: through a local simulator of the vendor. */
export type AccountMethod = Omit<S['AccountMethodView'], 'fields'> & { method: AccountMethodKind; fields: AccountField[] }

/** An installed connector that has accounts, and how each of its methods connects one. */
export type AccountConnector = Omit<S['AccountConnectorView'], 'methods'> & { methods: AccountMethod[] }

/** An action that uses an account. */
export type AccountUser = S['AccountUserView']

/** A connected account: never its secrets, only which secret fields are set. */
/**
 * A connected account: never its secrets, only which secret fields are set. `status` is `unreadable` when its
 * secrets cannot be opened on this node, `needsReconnecting` when the vendor revoked its access; `problem` says why.
 */
export type AccountView = Omit<S['AccountView'], 'method' | 'status'> & { method: AccountMethodKind; status: 'connected' | 'unreadable' | 'needsReconnecting' }

/** The answer of starting an OAuth 2.0 connection: the provider's consent page, to open in a pop-up. */
export type OAuthStarted = S['OAuthStarted']

/** What the OAuth 2.0 callback page posts to the console (its opener) before it closes. */
export interface OAuthMessage {
  type: 'modular.oauth'
  connected: boolean
  accountId: string | null
  message: string
}

/** The answer of "Replace": the actions switched to the other account. */
export type AccountReplaced = S['AccountReplaced']

/** One global of the script API, or a member of one (`GET /api/script-api`). */
export type ScriptDoc = S['ScriptDoc']

export type ScriptApi = S['ScriptApiView']

/** A connector operation (`GET /api/library/operations`): `call` is how a script calls it, `effect` read or write. */
export type OperationSummary = Omit<S['OperationSummary'], 'effect'> & { effect: 'read' | 'write' }

/** One operation with its schemas and its markdown doc page. */
export type OperationView = Omit<S['OperationView'], 'operation'> & { operation: OperationSummary }

/** What running an operation by API answered (`result`: as a script would receive it). */
export type OperationRun = S['OperationRunView']
