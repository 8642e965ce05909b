import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { ApiError, send, storedWorkspaceId, storeWorkspaceId } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import { meQuery, sessionKeys } from './queries'
import { SessionContext, type Session } from './session'

/** The section a page belongs to (`/actions/123` → `/actions`): where switching workspaces lands. */
function sectionOf(path: string): string {
  const first = path.split('/')[1]
  return ['library', 'actions', 'agents', 'accounts', 'runs', 'plugins', 'members', 'api-keys', 'audit', 'workspace'].includes(first) ? `/${first}` : '/library'
}

/** Loads who is signed in before the console shows anything; a 401 goes to the sign-in page (see `api`). */
export default function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const me = useQuery(meQuery)

  if (me.error) {
    // A 401 is on its way to the sign-in page.
    if (me.error instanceof ApiError && me.error.problem.status === 401) return null
    return (
      <main className="public">
        <div className="card public-card">
          <h1>The console cannot start</h1>
          <ErrorNotice error={me.error} />
          <button type="button" onClick={() => me.refetch()}>
            Try again
          </button>
        </div>
      </main>
    )
  }
  if (!me.data)
    return (
      <p role="status" className="muted loading">
        Loading…
      </p>
    )

  const stored = storedWorkspaceId()
  const workspace = me.data.workspaces.find((w) => w.id === stored) ?? me.data.workspaces[0]
  const session: Session = {
    me: me.data,
    workspace,
    role: workspace?.role,
    signOut: async () => {
      try {
        await send<void>('/api/session', 'DELETE')
      } finally {
        queryClient.clear()
        window.location.assign('/sign-in')
      }
    },
    switchWorkspace: (id) => {
      storeWorkspaceId(id)
      // A full load: every query (and any open live log) starts again in the new workspace.
      window.location.assign(sectionOf(window.location.pathname))
    },
    refresh: () => queryClient.invalidateQueries({ queryKey: sessionKeys.me }),
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
}
