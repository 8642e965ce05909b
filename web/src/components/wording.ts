/** "1 action", "12 actions": a count with its noun, singular for one. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`
}
