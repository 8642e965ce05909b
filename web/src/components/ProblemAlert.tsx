import { ApiError } from '../api'

/**
 * The general error of a failed write: the problem's detail plus any field errors that no field on
 * the form shows (`shown` are the pointers the form displays next to its fields).
 */
export default function ProblemAlert({ error, shown = [] }: { error: unknown; shown?: string[] }) {
  if (!error) return null
  const problem = error instanceof ApiError ? error.problem : undefined
  const message = error instanceof Error ? error.message : 'Something went wrong.'
  const others = Object.entries(problem?.errors ?? {}).filter(([pointer]) => !shown.includes(pointer))
  return (
    <div role="alert" className="error">
      {message}
      {others.length > 0 && (
        <ul>
          {others.flatMap(([pointer, messages]) => messages.map((m) => <li key={pointer + m}>{m}</li>))}
        </ul>
      )}
    </div>
  )
}
