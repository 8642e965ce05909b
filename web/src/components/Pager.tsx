import type { ReactNode } from 'react'

interface Props {
  page: number
  pages: number
  onPage: (page: number) => void
  /** The navigation's accessible name. */
  label?: string
  /** What is counted, such as "12 runs". */
  children: ReactNode
}

/** Previous / Next under a paged list, with where the reader is and how many items there are. */
export default function Pager({ page, pages, onPage, label = 'Pages', children }: Props) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(Math.min(page - 1, pages))}>
        Previous
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
      <span className="muted small">{children}</span>
    </nav>
  )
}
