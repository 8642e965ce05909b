import { useQuery } from '@tanstack/react-query'
import type { ScriptDoc } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import { scriptApiQuery } from './queries'

/** `/script-api`: what an action's script can use, from the host's own description (the editor completes from the same). */
export default function ScriptApiPage() {
  const scriptApi = useQuery(scriptApiQuery)
  return (
    <section className="narrow">
      <h1>Script API</h1>
      <p>
        An action's code is JavaScript run in a sandbox, as the body of an async function: <code className="token">await</code> works at the top
        level. Besides JavaScript's own objects (<code className="token">JSON</code>, <code className="token">Math</code>,{' '}
        <code className="token">Date</code>…), it sees the globals below. Each run has limits (time, memory, statements, recursion, log lines):
        breaking one ends the run with the reason.
      </p>
      {scriptApi.error && <ErrorNotice error={scriptApi.error} />}
      {scriptApi.isLoading && <p className="muted">Loading…</p>}
      {scriptApi.data && (
        <>
          <h2 className="page-part">Globals</h2>
          <Docs docs={scriptApi.data.globals} />
          <h2 className="page-part">Connectors</h2>
          <p className="muted">One object per connector; each function calls one of its operations with the action's connected account and returns a promise.</p>
          <Docs docs={scriptApi.data.connectors} />
        </>
      )}
    </section>
  )
}

function Docs({ docs }: { docs: ScriptDoc[] }) {
  return (
    <dl className="script-docs">
      {docs.map((doc) => (
        <div key={doc.name}>
          <dt>
            <code>{doc.signature}</code>
          </dt>
          <dd>
            {doc.summary}
            {doc.members && doc.members.length > 0 && <Docs docs={doc.members} />}
          </dd>
        </div>
      ))}
    </dl>
  )
}
