import { Link } from 'react-router-dom'
import type { AccountUser } from '../../api'

/** The actions that use an account, as links to their pages. */
export default function ActionLinks({ actions, label }: { actions: AccountUser[]; label: string }) {
  return (
    <ul className="plain" aria-label={label}>
      {actions.map((u) => (
        <li key={u.actionId}>
          <Link to={`/actions/${u.actionId}`}>{u.name}</Link>
        </li>
      ))}
    </ul>
  )
}
