import { lazy, Suspense, useEffect, useState } from 'react'
import { NavLink, Route, Routes, useLocation } from 'react-router-dom'
import LibraryPage from './features/library/LibraryPage'
import SectionPage from './components/SectionPage'
import SignInPage from './features/session/SignInPage'
import SessionProvider from './features/session/SessionProvider'
// The first page a signed-in person sees comes with the console, not as a chunk after it.
import HomePage from './features/home/HomePage'
import type { Role } from './api'
import { roleAtLeast, roleLabels, useSession } from './features/session/session'
import Notifications from './components/Notifications'

// Each page is its own chunk, loaded when it is first opened: the first page downloads only what it shows.
const AccountsPage = lazy(() => import('./features/accounts/AccountsPage'))
const ActionConfigurationPage = lazy(() => import('./features/actions/ActionConfigurationPage'))
const ActionIntentPage = lazy(() => import('./features/actions/ActionIntentPage'))
const ActionPage = lazy(() => import('./features/actions/ActionPage'))
const AgentPage = lazy(() => import('./features/agents/AgentPage'))
const AgentsPage = lazy(() => import('./features/agents/AgentsPage'))
const ApiKeysPage = lazy(() => import('./features/api-keys/ApiKeysPage'))
const AuditPage = lazy(() => import('./features/audit/AuditPage'))
const InvitationPage = lazy(() => import('./features/members/InvitationPage'))
const MembersPage = lazy(() => import('./features/members/MembersPage'))
const MyActionsPage = lazy(() => import('./features/actions/MyActionsPage'))
const PluginsPage = lazy(() => import('./features/plugins/PluginsPage'))
const OperationPage = lazy(() => import('./features/plugins/OperationPage'))
const RunPage = lazy(() => import('./features/runs/RunPage'))
const RunsPage = lazy(() => import('./features/runs/RunsPage'))
const SetupPage = lazy(() => import('./features/session/SetupPage'))
const WorkspacePage = lazy(() => import('./features/workspace/WorkspacePage'))
const ScriptApiPage = lazy(() => import('./features/scripts/ScriptApiPage'))
const DocumentPage = lazy(() => import('./features/runs/DocumentPage'))

/** The sidebar's pages; `least` is the role a page needs (the others do not show it). */
const sections: { path: string; label: string; least?: Role }[] = [
  { path: '/', label: 'Home' },
  { path: '/library', label: 'Library' },
  { path: '/actions', label: 'My actions' },
  { path: '/agents', label: 'Agents' },
  { path: '/accounts', label: 'Accounts' },
  { path: '/runs', label: 'Runs' },
  { path: '/plugins', label: 'Plugins' },
  { path: '/members', label: 'Members' },
  { path: '/api-keys', label: 'API keys' },
  { path: '/audit', label: 'Audit', least: 'admin' },
  { path: '/workspace', label: 'Workspace' },
]

/**
 * The tab's title names the page: it follows the page's main heading, whichever page is shown
 * (a lazy page's heading arrives after its chunk, so the title follows the document, not the route).
 */
function usePageTitle() {
  useEffect(() => {
    const follow = () => {
      const heading = document.querySelector('h1')?.textContent?.trim()
      const title = heading ? `${heading} · Modular` : 'Modular'
      if (document.title !== title) document.title = title
    }
    follow()
    const observer = new MutationObserver(follow)
    observer.observe(document.getElementById('root')!, { childList: true, subtree: true, characterData: true })
    return () => observer.disconnect()
  }, [])
}

/** The public pages (no sidebar) and, for everything else, the signed-in console. */
export default function App() {
  usePageTitle()
  return (
    <Suspense fallback={<p className="loading muted">Loading…</p>}>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/setup" element={<SetupPage />} />
        <Route path="/invitations/:token" element={<InvitationPage />} />
        <Route
          path="/*"
          element={
            <SessionProvider>
              <Shell />
            </SessionProvider>
          }
        />
      </Routes>
    </Suspense>
  )
}

function Shell() {
  const { role, workspace } = useSession()
  const location = useLocation()
  // On a phone the sections fold behind a Menu button; going to a page folds them again.
  const [menuFor, setMenuFor] = useState<string | null>(null)
  const menuOpen = menuFor === location.pathname
  // Every workspace route refuses someone in no workspace (possible after single sign-on): say what to do instead.
  if (!workspace) return <NoWorkspace />
  return (
    <div className="shell">
      <div className={menuOpen ? 'sidebar open' : 'sidebar'}>
        <div className="sidebar-head">
          <div className="brand">Modular</div>
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-menu"
            onClick={() => setMenuFor(menuOpen ? null : location.pathname)}
          >
            Menu
          </button>
        </div>
        <div id="main-menu" className="sidebar-menu">
          <WorkspaceSwitcher />
          <nav aria-label="Main" className="nav">
            {sections
              .filter((s) => !s.least || roleAtLeast(role, s.least))
              .map((s) => (
                <NavLink key={s.path} to={s.path} end={s.path === '/'} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                  {s.label}
                </NavLink>
              ))}
          </nav>
          <UserMenu />
        </div>
      </div>
      <main className="content">
        {role === 'viewer' && (
          <div className="notice" role="note" aria-label="Your role">
            You are a viewer in this workspace: you can read everything but change nothing.
          </div>
        )}
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/library" element={<LibraryPage />} />
            <Route path="/plugins" element={<PluginsPage />} />
            <Route path="/plugins/operations/:operationId" element={<OperationPage />} />
            <Route path="/actions" element={<MyActionsPage />} />
            <Route path="/actions/new/:templateId" element={<ActionIntentPage />} />
            <Route path="/actions/:id" element={<ActionPage />} />
            <Route path="/actions/:id/intent" element={<ActionIntentPage />} />
            <Route path="/actions/:id/configure" element={<ActionConfigurationPage />} />
            <Route path="/agents" element={<AgentsPage />} />
            <Route path="/agents/:id" element={<AgentPage />} />
            <Route path="/accounts" element={<AccountsPage />} />
            <Route path="/runs" element={<RunsPage />} />
            <Route path="/runs/:runId" element={<RunPage />} />
            <Route path="/runs/:runId/documents/:documentId" element={<DocumentPage />} />
            <Route path="/members" element={<MembersPage />} />
            <Route path="/api-keys" element={<ApiKeysPage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="/workspace" element={<WorkspacePage />} />
            <Route path="/script-api" element={<ScriptApiPage />} />
            <Route path="*" element={<SectionPage title="Page not found" text="No page has this address." />} />
          </Routes>
        </Suspense>
      </main>
      <Notifications />
    </div>
  )
}

/** The console of someone signed in who is in no workspace yet, at any address: only how to get in, and signing out. */
function NoWorkspace() {
  const { me } = useSession()
  return (
    <div className="shell">
      <div className="sidebar">
        <div className="brand">Modular</div>
        <UserMenu />
      </div>
      <main className="content">
        <section className="narrow">
          <h1>You are not in a workspace yet</h1>
          <p>
            You are signed in as <strong>{me.email}</strong>, but no workspace has you as a member. Ask a workspace admin to invite you with this
            email.
          </p>
          <p className="muted">The invitation is a link: open it while signed in as {me.email} to join the workspace and start working in it.</p>
        </section>
      </main>
    </div>
  )
}

/** The workspace every page works in; switching reloads the console in the chosen one. */
function WorkspaceSwitcher() {
  const { me, workspace, switchWorkspace } = useSession()
  if (me.workspaces.length === 0) return null
  return (
    <div className="switcher">
      <select aria-label="Workspace" value={workspace?.id} onChange={(e) => switchWorkspace(e.target.value)}>
        {me.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
      {workspace && <div className="small sidebar-muted">Your role: {roleLabels[workspace.role]}</div>}
    </div>
  )
}

function UserMenu() {
  const { me, signOut } = useSession()
  return (
    <div role="group" aria-label="User menu" className="user-menu">
      <span className="user-email small" title="Signed in as">
        {me.email}
      </span>
      {me.apiKey && <span className="small sidebar-muted">with an API key</span>}
      <button type="button" onClick={() => signOut()}>
        Sign out
      </button>
    </div>
  )
}
