import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import type { ActionSummary } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import MenuButton from '../../components/MenuButton'
import Pager from '../../components/Pager'
import StateBadge from '../../components/StateBadge'
import { useAddressFilters } from '../../components/useAddressFilters'
import { count } from '../../components/wording'
import { templateTypesQuery } from '../library/queries'
import { useCanEdit, viewerReason } from '../session/session'
import DeleteActionDialog from './DeleteActionDialog'
import { actionListQuery } from './queries'

const pageSize = 20

const sorts = [
  { value: '-updated', label: 'Recently updated' },
  { value: 'updated', label: 'Least recently updated' },
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
]

/** `/actions`: the workspace's actions, filtered by state, type and text. Filters live in the address. */
export default function MyActionsPage() {
  const { params, set, page } = useAddressFilters()
  const state = params.get('state') ?? ''
  const type = params.get('type') ?? ''
  const q = params.get('q') ?? ''
  const sort = params.get('sort') ?? '-updated'

  const query = new URLSearchParams({ sort, page: String(page), pageSize: String(pageSize) })
  if (state) query.set('state', state)
  if (type) query.set('type', type)
  if (q.trim()) query.set('q', q.trim())

  const navigate = useNavigate()
  const [deleting, setDeleting] = useState<ActionSummary | null>(null)
  const canEdit = useCanEdit()
  const locked = canEdit ? {} : { disabled: true, title: viewerReason }
  const types = useQuery(templateTypesQuery)
  const actions = useQuery({
    ...actionListQuery(query.toString()),
    placeholderData: keepPreviousData,
  })
  const pages = actions.data ? Math.max(1, Math.ceil(actions.data.total / actions.data.pageSize)) : 1
  const filtered = Boolean(state || type || q.trim())

  return (
    <section>
      <h1>My actions</h1>
      <div className="toolbar">
        <div className="filters">
          <label>
            State{' '}
            <select value={state} onChange={(e) => set('state', e.target.value)}>
              <option value="">All</option>
              <option value="draft">Draft</option>
              <option value="active">Active</option>
              <option value="paused">Paused</option>
            </select>
          </label>
          <label>
            Type{' '}
            <select value={type} onChange={(e) => set('type', e.target.value)}>
              <option value="">All types</option>
              {types.data?.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Sort{' '}
            <select value={sort} onChange={(e) => set('sort', e.target.value)}>
              {sorts.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <input type="search" aria-label="Search actions" placeholder="Search actions" maxLength={200} value={q} onChange={(e) => set('q', e.target.value)} />
      </div>
      {actions.error && <ErrorNotice error={actions.error} />}
      {actions.isLoading && <p className="muted">Loading actions…</p>}
      {actions.data && actions.data.items.length === 0 && (
        <p className="muted">
          {filtered ? (
            'No action matches these filters.'
          ) : (
            <>
              You have no actions yet. Start from a template in the <Link to="/library">Library</Link>.
            </>
          )}
        </p>
      )}
      {actions.data && actions.data.items.length > 0 && (
        <>
          <table className="table" aria-label="Actions">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Template</th>
                <th scope="col">Type</th>
                <th scope="col">State</th>
                <th scope="col">Used by</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="visually-hidden">Menu</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {actions.data.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/actions/${a.id}`}>{a.name}</Link>
                    <div className="muted small clamp">{a.intent}</div>
                  </td>
                  <td>{a.templateName}</td>
                  <td>{a.type}</td>
                  <td>
                    <StateBadge state={a.state} />
                  </td>
                  <td>{a.usedByCount === 0 ? <span className="muted">—</span> : count(a.usedByCount, 'agent')}</td>
                  <td className="small">
                    {new Date(a.updatedAt).toLocaleString()}
                    <div className="muted">{a.updatedBy}</div>
                  </td>
                  <td>
                    <MenuButton
                      label={`Menu of ${a.name}`}
                      items={[
                        { label: 'Edit', onSelect: () => navigate(`/actions/${a.id}/intent`), ...locked },
                        { label: 'Delete', onSelect: () => setDeleting(a), danger: true, ...locked },
                      ]}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pages={pages} onPage={(p) => set('page', String(p))}>
            {count(actions.data.total, 'action')}
          </Pager>
          {deleting && <DeleteActionDialog action={deleting} onClose={() => setDeleting(null)} />}
        </>
      )}
    </section>
  )
}
