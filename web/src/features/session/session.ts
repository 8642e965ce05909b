import { createContext, useContext } from 'react'
import { storedWorkspaceId, storeWorkspaceId, type Me, type Role, type WorkspaceView } from '../../api'

export const roles: Role[] = ['viewer', 'editor', 'admin', 'owner']

export const roleLabels: Record<Role, string> = { viewer: 'Viewer', editor: 'Editor', admin: 'Admin', owner: 'Owner' }

/** Whether `role` is `least` or higher (viewer < editor < admin < owner). */
export function roleAtLeast(role: Role | undefined, least: Role): boolean {
  return role !== undefined && roles.indexOf(role) >= roles.indexOf(least)
}

/** The roles up to `role`: what someone with it may give (to a member, an invitation, an API key). */
export function rolesUpTo(role: Role | undefined): Role[] {
  return role ? roles.slice(0, roles.indexOf(role) + 1) : []
}

/** The `title` of a control a viewer may not use. */
export const viewerReason = 'Viewers can read but not change anything in this workspace.'

/**
 * Keeps the stored workspace one of `me`'s: an id of another user's workspace (after someone else
 * signed in on this browser) or of a workspace left is forgotten, so the server's default applies.
 */
export function adoptMe(me: Me): Me {
  const stored = storedWorkspaceId()
  if (stored && !me.workspaces.some((w) => w.id === stored)) storeWorkspaceId(null)
  return me
}

export interface Session {
  me: Me
  /** The workspace every request works in: the one chosen with the switcher, else the first. Undefined with no membership. */
  workspace: WorkspaceView | undefined
  role: Role | undefined
  signOut: () => Promise<void>
  switchWorkspace: (id: string) => void
  /** Reads `GET /api/me` again (after a change of one's own role or memberships). */
  refresh: () => Promise<unknown>
}

/** Given by `SessionProvider` around the signed-in console. */
export const SessionContext = createContext<Session | null>(null)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession is used outside the signed-in console (SessionProvider).')
  return session
}

/** The caller's role in the current workspace. */
export function useRole(): Role | undefined {
  return useSession().role
}

/** Editors and up change things; viewers only read. */
export function useCanEdit(): boolean {
  return roleAtLeast(useRole(), 'editor')
}

/** What a control that changes things gets: disabled for viewers, with the reason as its `title`. */
export function useEditLock(): { disabled: boolean; title: string | undefined } {
  return useCanEdit() ? { disabled: false, title: undefined } : { disabled: true, title: viewerReason }
}
