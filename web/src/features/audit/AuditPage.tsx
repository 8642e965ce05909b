import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../../api'
import Pager from '../../components/Pager'
import ProblemAlert from '../../components/ProblemAlert'
import TextField from '../../components/TextField'
import { useAddressFilters } from '../../components/useAddressFilters'
import { count, formatTime } from '../../components/wording'
import { useSession } from '../session/session'
import { auditQuery } from './queries'

const pageSize = 50

/** The kinds of entries the modules record, suggested under "What" (which matches the start of a kind). */
const kinds = [
  'signed in',
  'sign-in failed',
  'member invited',
  'member joined',
  'member role changed',
  'member removed',
  'member left',
  'invitation cancelled',
  'api key created',
  'api key revoked',
  'workspace created',
  'action created',
  'action published',
  'action state',
  'action renamed',
  'action deleted',
  'agent created',
  'agent published',
  'agent deleted',
  'run stopped',
  'oauth client created',
  'oauth client deleted',
]

interface Filters {
  who: string
  what: string
  /** Dates as the date inputs give them (`2025-03-14`), local days. */
  from: string
  to: string
}

/** The start of a local day, as the API takes it. */
function startOfDay(date: string): string {
  return new Date(`${date}T00:00:00`).toISOString()
}

/** The end of a local day: "To" includes the whole of that day. */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59.999`).toISOString()
}

/** Whether the API's refusal is final (a 4xx such as 403 for non-admins): asking again answers the same. */
function refused(error: unknown): boolean {
  return error instanceof ApiError && (error.problem.status ?? 500) < 500
}

/** `/audit`: who did what and when in this workspace, newest first, for admins and owners. Filters live in the address. */
export default function AuditPage() {
  const { workspace } = useSession()
  const { params, set, setAll, page } = useAddressFilters()
  const filters: Filters = { who: params.get('who') ?? '', what: params.get('what') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' }

  const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) })
  if (filters.who.trim()) query.set('who', filters.who.trim())
  if (filters.what.trim()) query.set('what', filters.what.trim())
  if (filters.from) query.set('from', startOfDay(filters.from))
  if (filters.to) query.set('to', endOfDay(filters.to))

  const audit = useQuery({
    ...auditQuery(query.toString()),
    placeholderData: keepPreviousData,
    retry: (failures, error) => failures < 1 && !refused(error),
  })
  const pages = audit.data ? Math.max(1, Math.ceil(audit.data.total / audit.data.pageSize)) : 1

  function apply(next: Filters) {
    const same = (Object.keys(next) as (keyof Filters)[]).every((k) => next[k] === filters[k])
    // The same filters again: read the log again (entries are recorded a moment after each change).
    if (same && page === 1) audit.refetch()
    else setAll({ ...next })
  }

  return (
    <section>
      <h1>Audit log</h1>
      <p className="muted">
        Who did what and when in {workspace ? <strong>{workspace.name}</strong> : 'this workspace'}, newest first: sign-ins, members and invitations, API
        keys, changes to actions and agents, runs stopped.
      </p>
      <FilterForm filters={filters} onFilter={apply} />
      <ProblemAlert error={audit.error} />
      {audit.isLoading && <p className="muted">Loading the audit log…</p>}
      {audit.data && audit.data.items.length === 0 && <p className="muted">Nothing was recorded yet for these filters.</p>}
      {audit.data && audit.data.items.length > 0 && (
        <table className="table" aria-label="Audit log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Subject</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.items.map((e) => (
              <tr key={e.id}>
                <td className="small">
                  <time dateTime={e.at}>{formatTime(e.at)}</time>
                </td>
                <td>{e.actor}</td>
                <td>{e.what}</td>
                <td>{e.subject ?? <span className="muted">—</span>}</td>
                <td className="small">{e.detail ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {audit.data && (audit.data.total > 0 || page > 1) && (
        <Pager page={page} pages={pages} onPage={(p) => set('page', String(p))}>
          {count(audit.data.total, 'entry', 'entries')}
        </Pager>
      )}
    </section>
  )
}

function FilterForm({ filters, onFilter }: { filters: Filters; onFilter: (filters: Filters) => void }) {
  const [who, setWho] = useState(filters.who)
  const [what, setWhat] = useState(filters.what)
  const [from, setFrom] = useState(filters.from)
  const [to, setTo] = useState(filters.to)
  // The address changed under the form (the Audit link, another tab's link): show what applies now.
  const applied = [filters.who, filters.what, filters.from, filters.to].join('\n')
  const [shown, setShown] = useState(applied)
  if (shown !== applied) {
    setShown(applied)
    setWho(filters.who)
    setWhat(filters.what)
    setFrom(filters.from)
    setTo(filters.to)
  }
  const backwards = Boolean(from && to && to < from)

  function submit(e: FormEvent) {
    e.preventDefault()
    if (backwards) return
    onFilter({ who: who.trim(), what: what.trim(), from, to })
  }

  return (
    <form role="search" aria-label="Filter the audit log" className="card section" onSubmit={submit} noValidate>
      <div className="grid-2">
        <TextField id="audit-who" label="Who" maxLength={200} autoComplete="off" value={who} onChange={setWho} hint="Part of the email, such as a domain." />
        <TextField id="audit-what" label="What" maxLength={200} autoComplete="off" list="audit-kinds" value={what} onChange={setWhat} hint="The start of the kind, such as “member”." />
        <TextField id="audit-from" label="From" type="date" max={to || undefined} value={from} onChange={setFrom} />
        <TextField
          id="audit-to"
          label="To"
          type="date"
          min={from || undefined}
          value={to}
          onChange={setTo}
          hint="Through the end of this day."
          errors={backwards ? ['To must not be before From.'] : undefined}
        />
      </div>
      <datalist id="audit-kinds">
        {kinds.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      <div className="actions-row">
        <button type="submit" className="primary" disabled={backwards}>
          Filter
        </button>
      </div>
    </form>
  )
}
