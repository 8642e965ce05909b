import { MutationCache } from '@tanstack/react-query'

/** What a save says once it succeeded: a sentence, or one made from the saved answer. */
export type SavedMessage = string | ((saved: never) => string)

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: { saved?: SavedMessage }
  }
}

type Listener = (messages: Notice[]) => void
export interface Notice {
  id: number
  text: string
}

let notices: Notice[] = []
let next = 1
const listeners = new Set<Listener>()

/** How long a confirmation stays: long enough to read, gone before it covers the next thing. */
const shownFor = 5_000

function publish() {
  for (const listener of listeners) listener(notices)
}

/** Shows a confirmation in the console's notification area (read out by screen readers). */
export function notify(text: string) {
  const notice = { id: next++, text }
  notices = [...notices.slice(-2), notice]
  publish()
  setTimeout(() => {
    notices = notices.filter((n) => n.id !== notice.id)
    publish()
  }, shownFor)
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export const currentNotices = () => notices

/**
 * Every mutation that declares `meta.saved` confirms its save when it succeeds, so no save passes
 * silently; the sections that confirm in place ("Schedule saved.") declare none.
 */
export const confirmSaves = new MutationCache({
  onSuccess: (data, _variables, _context, mutation) => {
    const saved = mutation.meta?.saved
    if (typeof saved === 'string') notify(saved)
    else if (saved) notify((saved as (answer: unknown) => string)(data))
  },
})
