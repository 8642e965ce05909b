import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { send, type OAuthMessage, type OAuthStarted } from '../../api'
import { accountKeys } from './queries'

/** What starting an OAuth 2.0 connection sends: a name for a new account, or the account to reconnect. */
export interface OAuthStart {
  connectorId: string
  name?: string
  accountId?: string
}

function isOAuthMessage(data: unknown): data is OAuthMessage {
  if (typeof data !== 'object' || data === null) return false
  const message = data as Record<string, unknown>
  return message.type === 'modular.oauth' && typeof message.connected === 'boolean' && typeof message.message === 'string'
}

/**
 * Connecting (or reconnecting) an account through the provider's consent page in a pop-up: the
 * pop-up opens at once, the platform is asked for the consent page's URL (the browser gets the
 * cookie the callback checks), and the pop-up goes there; a blocked pop-up becomes the same tab,
 * whose callback page links back.
 * The callback page posts its outcome to this window (same origin only); the accounts are then
 * fetched again and `onOutcome` is told.
 */
export function useOAuthConnect(onOutcome: (outcome: OAuthMessage) => void) {
  const queryClient = useQueryClient()
  const outcome = useRef(onOutcome)
  useEffect(() => {
    outcome.current = onOutcome
  })
  useEffect(() => {
    function onMessage(event: MessageEvent) {
      if (event.origin !== window.location.origin || !isOAuthMessage(event.data)) return
      queryClient.invalidateQueries({ queryKey: accountKeys.lists })
      outcome.current(event.data)
    }
    window.addEventListener('message', onMessage)
    return () => window.removeEventListener('message', onMessage)
  }, [queryClient])

  const popup = useRef<Window | null>(null)
  const mutation = useMutation({
    mutationFn: ({ connectorId, name, accountId }: OAuthStart) =>
      send<OAuthStarted>(`/api/accounts/oauth/${encodeURIComponent(connectorId)}/start`, 'POST', {
        name: name?.trim() || undefined,
        accountId,
      }),
    onSuccess: (started) => {
      const opened = popup.current
      if (opened && !opened.closed) {
        opened.location.href = started.authorizeUrl
        opened.focus()
      } else window.location.assign(started.authorizeUrl)
    },
    onError: () => popup.current?.close(),
  })
  // The pop-up opens in the click itself: opened after the platform answers, a browser may block it.
  const mutate: typeof mutation.mutate = (start, options) => {
    popup.current = window.open('', 'modular-oauth', 'popup,width=600,height=720')
    mutation.mutate(start, options)
  }
  return { ...mutation, mutate }
}
