/** "1 action", "12 actions": a count with its noun, singular for one. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`
}

/** A moment as the reader's locale writes it, or "—" when there is none. */
export function formatTime(at: string | null | undefined): string {
  return at ? new Date(at).toLocaleString() : '—'
}
