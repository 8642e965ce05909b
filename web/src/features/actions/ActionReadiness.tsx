import { useQueries, useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import type { ActionView } from '../../api'
import { accountQuery } from '../accounts/queries'
import { agentQuery } from '../agents/queries'

/** Whether the action would run now and, if not, why: its state, its account, the agents that use it. */
export default function ActionReadiness({ action }: { action: ActionView }) {
  const account = useQuery({
    ...accountQuery(action.accountId),
    enabled: !!action.accountId && action.state === 'active',
  })
  const agents = useQueries({
    queries: action.usedBy.map((use) => agentQuery(use.agentId)),
  })

  let text: ReactNode
  let tone = 'bad'
  if (action.state === 'draft') text = 'It does not run: it is a draft. Finish its setup and click Save action.'
  else if (action.state === 'paused') text = 'It does not run now: it is paused. Set it Active to let Run, its webhook, its schedule and its events start runs.'
  else if (account.data?.status === 'needsReconnecting')
    text = (
      <>
        Its runs would fail: its account {account.data.name} needs reconnecting on the <Link to="/accounts">Accounts page</Link>.
      </>
    )
  else if (account.data?.status === 'unreadable')
    text = (
      <>
        Its runs would fail: its account {account.data.name} cannot be read on this server (see the <Link to="/accounts">Accounts page</Link>).
      </>
    )
  else {
    tone = 'good'
    const allPaused = agents.length > 0 && agents.every((a) => a.data?.state === 'paused')
    text = allPaused
      ? 'It runs when started with Run, by its webhook, schedule or events; every agent using it is paused, so no agent calls it.'
      : 'It runs now: when started with Run, by its webhook, schedule or events, and when an agent calls it.'
    if (allPaused) tone = 'warn'
  }

  return (
    <p role="status" aria-label="Would it run now" className={`small readiness ${tone}`}>
      {text}
    </p>
  )
}
