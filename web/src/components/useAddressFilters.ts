import { useSearchParams } from 'react-router-dom'

/**
 * List filters kept in the address (so a filtered list can be bookmarked and reloaded). Changing
 * any filter other than the page goes back to the first page.
 */
export function useAddressFilters() {
  const [params, setParams] = useSearchParams()

  function set(name: string, value: string) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (value) next.set(name, value)
        else next.delete(name)
        if (name !== 'page') next.delete('page')
        return next
      },
      { replace: true },
    )
  }

  /** Sets several filters at once (a form's Filter button), back on the first page. */
  function setAll(values: Record<string, string>) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        for (const [name, value] of Object.entries(values)) {
          if (value) next.set(name, value)
          else next.delete(name)
        }
        next.delete('page')
        return next
      },
      { replace: true },
    )
  }

  return { params, set, setAll, page: Math.max(1, Number(params.get('page')) || 1) }
}
