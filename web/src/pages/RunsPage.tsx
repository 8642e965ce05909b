import { Link } from 'react-router-dom'

/** `/runs`: runs are listed per action, on each action's page. */
export default function RunsPage() {
  return (
    <section className="narrow">
      <h1>Runs</h1>
      <p>
        Every time an action runs (with Run in its menu, from its webhook or on its schedule) a run is recorded with its live log, its steps and the
        documents it created.
      </p>
      <p>
        Runs are listed per action: open an action in <Link to="/actions">My actions</Link> and look at its Runs section. From there, open a run to
        follow its log live or stop it.
      </p>
    </section>
  )
}
