import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { api, type Template, type TemplateType } from '../api'
import ErrorNotice from './ErrorNotice'
import { useCanEdit, viewerReason } from '../session'

type Tab = { kind: 'all' } | { kind: 'recent' } | { kind: 'type'; type: string }

interface Props {
  /** Where choosing a template leads: the start of the creation flow. */
  hrefFor: (template: Template) => string
  /** The heading level of each template's name (2 on a page, 3 inside a titled pop-up). */
  headingLevel?: 2 | 3
}

/** The templates of the Action Library: All, Recent, By type, and a search. */
export default function TemplateBrowser({ hrefFor, headingLevel = 2 }: Props) {
  const [tab, setTab] = useState<Tab>({ kind: 'all' })
  const [search, setSearch] = useState('')
  const Heading = headingLevel === 3 ? 'h3' : 'h2'
  // Choosing a template creates an action: a viewer browses the templates without starting the flow.
  const canEdit = useCanEdit()

  const types = useQuery({ queryKey: ['library-types'], queryFn: () => api<TemplateType[]>('/api/library/types') })
  const params = new URLSearchParams()
  if (tab.kind === 'type') params.set('type', tab.type)
  if (tab.kind === 'recent') params.set('recent', 'true')
  if (search.trim()) params.set('q', search.trim())
  const templates = useQuery({
    queryKey: ['library-templates', params.toString()],
    queryFn: () => api<{ items: Template[]; total: number }>(`/api/library/templates?${params}`),
  })

  return (
    <>
      <div className="toolbar">
        <div role="tablist" aria-label="Browse templates" className="tabs">
          <button role="tab" aria-selected={tab.kind === 'all'} onClick={() => setTab({ kind: 'all' })}>
            All
          </button>
          <button role="tab" aria-selected={tab.kind === 'recent'} onClick={() => setTab({ kind: 'recent' })}>
            Recent
          </button>
          {types.data && types.data.length > 0 && (
            <span className="muted small tabs-label" aria-hidden>
              By type
            </span>
          )}
          {types.data?.map((t) => (
            <button
              key={t.name}
              role="tab"
              aria-selected={tab.kind === 'type' && tab.type === t.name}
              onClick={() => setTab({ kind: 'type', type: t.name })}
            >
              {t.name} <span className="count">{t.count}</span>
            </button>
          ))}
        </div>
        <input
          type="search"
          placeholder="Search templates"
          aria-label="Search templates"
          value={search}
          maxLength={200}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {types.error && <ErrorNotice error={types.error} />}
      {templates.error && <ErrorNotice error={templates.error} />}
      {templates.isLoading && <p className="muted">Loading templates…</p>}
      {templates.data && templates.data.items.length === 0 && (
        <p className="muted">{tab.kind === 'recent' && !search.trim() ? 'No template was used recently.' : 'No template matches.'}</p>
      )}
      <ul className="cards" aria-label="Templates">
        {templates.data?.items.map((t) => (
          <li key={t.id} className={canEdit ? 'card clickable' : 'card'} data-template-id={t.id} title={canEdit ? undefined : viewerReason}>
            <div className="card-head">
              <span className="icon" aria-hidden>
                {t.connector.icon}
              </span>
              <div>
                <Heading>
                  {canEdit ? (
                    <Link to={hrefFor(t)} className="stretched" title="Start the creation flow">
                      {t.name}
                    </Link>
                  ) : (
                    t.name
                  )}
                </Heading>
                <div className="muted small">
                  {t.connector.name} · {t.type} · v{t.connector.version}
                </div>
              </div>
            </div>
            <p>{t.description}</p>
            <div className="muted small">
              {t.authorization.required ? 'Needs a connected account' : 'No account required'}
              {t.authorization.methods.length > 0 && ` · ${t.authorization.methods.map((m) => m.name).join(', ')}`}
            </div>
          </li>
        ))}
      </ul>
    </>
  )
}
