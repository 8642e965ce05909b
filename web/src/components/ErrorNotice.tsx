import { ApiError } from '../api'

export default function ErrorNotice({ error }: { error: unknown }) {
  const message = error instanceof ApiError || error instanceof Error ? error.message : 'Something went wrong.'
  return (
    <div role="alert" className="error">
      {message}
    </div>
  )
}
