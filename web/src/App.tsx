import { NavLink, Navigate, Route, Routes } from 'react-router-dom'
import ActionConfigurationPage from './pages/ActionConfigurationPage'
import ActionIntentPage from './pages/ActionIntentPage'
import ActionPage from './pages/ActionPage'
import AgentPage from './pages/AgentPage'
import AgentsPage from './pages/AgentsPage'
import LibraryPage from './pages/LibraryPage'
import MyActionsPage from './pages/MyActionsPage'
import PluginsPage from './pages/PluginsPage'
import RunPage from './pages/RunPage'
import RunsPage from './pages/RunsPage'
import SectionPage from './pages/SectionPage'

const sections = [
  { path: '/library', label: 'Library' },
  { path: '/actions', label: 'My actions' },
  { path: '/agents', label: 'Agents' },
  { path: '/accounts', label: 'Accounts' },
  { path: '/runs', label: 'Runs' },
  { path: '/plugins', label: 'Plugins' },
]

export default function App() {
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Modular</div>
        {sections.map((s) => (
          <NavLink key={s.path} to={s.path} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
            {s.label}
          </NavLink>
        ))}
      </nav>
      <main className="content">
        <Routes>
          <Route path="/" element={<Navigate to="/library" replace />} />
          <Route path="/library" element={<LibraryPage />} />
          <Route path="/plugins" element={<PluginsPage />} />
          <Route path="/actions" element={<MyActionsPage />} />
          <Route path="/actions/new/:templateId" element={<ActionIntentPage />} />
          <Route path="/actions/:id" element={<ActionPage />} />
          <Route path="/actions/:id/intent" element={<ActionIntentPage />} />
          <Route path="/actions/:id/configure" element={<ActionConfigurationPage />} />
          <Route path="/agents" element={<AgentsPage />} />
          <Route path="/agents/:id" element={<AgentPage />} />
          <Route path="/accounts" element={<SectionPage title="Accounts" text="Connected third-party accounts appear here." />} />
          <Route path="/runs" element={<RunsPage />} />
          <Route path="/runs/:runId" element={<RunPage />} />
          <Route path="*" element={<SectionPage title="Page not found" text="No page has this address." />} />
        </Routes>
      </main>
    </div>
  )
}
