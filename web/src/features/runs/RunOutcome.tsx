import type { Run } from '../../api'

/** How the run ended, or where it is. */
export default function RunOutcome({ run, stopping }: { run: Run; stopping: boolean }) {
  let text: string
  let tone = ''
  switch (run.status) {
    case 'succeeded':
      text = 'Succeeded'
      tone = 'good'
      break
    case 'failed':
      text = `Failed: ${run.error ?? 'unknown error'}${run.errorLine ? ` (line ${run.errorLine})` : ''}`
      tone = 'bad'
      break
    case 'stopped':
      text = `Stopped by ${run.stoppedBy ?? 'someone'}`
      break
    case 'rejected':
      text = `Rejected: ${run.error ?? 'the action was not active'}`
      tone = 'bad'
      break
    default:
      text = stopping
        ? `Stopping…${run.stopRequestedBy ? ` (requested by ${run.stopRequestedBy})` : ''}`
        : run.status === 'queued'
          ? 'Queued: waiting to start…'
          : 'Running…'
  }
  return (
    <span role="status" aria-label="Run outcome" className={`outcome ${tone}`}>
      {text}
    </span>
  )
}
