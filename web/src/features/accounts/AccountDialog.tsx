import type { ReactNode } from 'react'

/** The frame of the Accounts page's dialogs, titled. */
export default function AccountDialog({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="account-dialog-title" className="dialog">
        <h2 id="account-dialog-title">{title}</h2>
        {children}
      </div>
    </div>
  )
}
