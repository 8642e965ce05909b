import { useSyncExternalStore } from 'react'
import { currentNotices, subscribe } from './saved'

/** The console's confirmations ("Code saved."), bottom right, each for a few seconds. */
export default function Notifications() {
  const notices = useSyncExternalStore(subscribe, currentNotices)
  return (
    <div className="notifications" role="status" aria-live="polite" aria-label="Notifications">
      {notices.map((notice) => (
        <div key={notice.id} className="notification">
          {notice.text}
        </div>
      ))}
    </div>
  )
}
