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

  return { params, set, page: Math.max(1, Number(params.get('page')) || 1) }
}
