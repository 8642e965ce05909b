import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import type { Template } from '../../api'
import ErrorNotice from '../../components/ErrorNotice'
import { useCanEdit, viewerReason } from '../session/session'
import { templatesQuery, templateTypesQuery } from './queries'

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

  const types = useQuery(templateTypesQuery)
  const params = new URLSearchParams()
  if (tab.kind === 'type') params.set('type', tab.type)
  if (tab.kind === 'recent') params.set('recent', 'true')
  if (search.trim()) params.set('q', search.trim())
  const templates = useQuery(templatesQuery(params.toString()))

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
              <ConnectorIcon url={t.connector.iconUrl} />
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

/** The connector's SVG icon from its plugin (an img runs nothing in an SVG), or a plug where it has none. */
function ConnectorIcon({ url }: { url: string | null }) {
  if (url) return <img className="icon" src={url} alt="" width={28} height={28} />
  return (
    <svg className="icon" viewBox="0 0 24 24" width={28} height={28} aria-hidden="true">
      <rect width="24" height="24" rx="5" fill="#667085" />
      <path d="M9 5v4M15 5v4M7 9h10v3a5 5 0 0 1-10 0zM12 17v3" fill="none" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  )
}
