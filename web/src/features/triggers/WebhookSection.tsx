import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { send, type ActionState, type Webhook } from '../../api'
import { copyText } from '../../components/clipboard'
import ErrorNotice from '../../components/ErrorNotice'
import ProblemAlert from '../../components/ProblemAlert'
import { useEditLock } from '../session/session'
import { triggerKeys, webhookQuery } from './queries'

interface WebhookChange {
  enabled: boolean
  rotate?: boolean
  secret?: string
}

/** A Standard Webhooks signing secret: `whsec_` + base64 of 24 random bytes. */
function generateWebhookSecret(): string {
  const bytes = new Uint8Array(24)
  crypto.getRandomValues(bytes)
  return 'whsec_' + btoa(String.fromCharCode(...bytes))
}

/** The action's webhook trigger: its URL, rotation and optional HMAC signing secret. */
export default function WebhookSection({ actionId, state }: { actionId: string; state: ActionState }) {
  const queryClient = useQueryClient()
  const webhook = useQuery(webhookQuery(actionId))
  const [message, setMessage] = useState('')
  const [newSecret, setNewSecret] = useState<string | null>(null)
  const urlField = useRef<HTMLInputElement>(null)
  const secretField = useRef<HTMLInputElement>(null)
  const locked = useEditLock()

  const change = useMutation({
    mutationFn: (body: WebhookChange) => send<Webhook>(`/api/actions/${actionId}/webhook`, 'PUT', body),
    onSuccess: (saved, body) => {
      queryClient.setQueryData(triggerKeys.webhook(actionId), saved)
      if (body.secret) setNewSecret(body.secret)
      else if (body.secret === '') setNewSecret(null)
      setMessage(
        body.rotate
          ? 'New URL made; the old one no longer works.'
          : body.secret
            ? 'Signing secret set.'
            : body.secret === ''
              ? 'Signing secret removed.'
              : saved.enabled
                ? 'Webhook enabled.'
                : 'Webhook disabled.',
      )
    },
  })

  async function copy(text: string, field: HTMLInputElement | null, what: string) {
    setMessage((await copyText(text, field)) ? `${what} copied.` : `Select the ${what.toLowerCase()} and copy it.`)
  }

  const data = webhook.data
  return (
    <section aria-labelledby="webhook-title" className="card section">
      <h2 id="webhook-title">Webhook</h2>
      <p className="muted small">
        A POST to this URL runs the action, with the request body as its input. While the action is paused or a draft (or every agent using it is
        paused) calls are answered 409 Conflict and recorded as rejected runs.
      </p>
      {state !== 'active' && data?.enabled && (
        <div className="notice" role="note">
          This action is {state === 'draft' ? 'a draft' : 'paused'}: calls to its webhook are answered 409 Conflict until it is active.
        </div>
      )}
      {webhook.error && <ErrorNotice error={webhook.error} />}
      {webhook.isLoading && <p className="muted">Loading…</p>}
      {data && (
        <>
          <label className="checkbox" title={locked.title}>
            <input
              type="checkbox"
              checked={change.isPending && change.variables ? change.variables.enabled : data.enabled}
              disabled={change.isPending || locked.disabled}
              onChange={(e) => change.mutate({ enabled: e.target.checked })}
            />{' '}
            Enable webhook
          </label>
          {data.enabled && data.url && (
            <>
              <div className="field">
                <label htmlFor="webhook-url">Webhook URL</label>
                <div className="inline-row">
                  <input id="webhook-url" ref={urlField} type="text" className="mono grow" readOnly value={data.url} onFocus={(e) => e.target.select()} />
                  <button type="button" onClick={() => copy(data.url!, urlField.current, 'URL')}>
                    Copy URL
                  </button>
                </div>
              </div>
              <div className="actions-row">
                <button type="button" disabled={change.isPending || locked.disabled} title={locked.title} onClick={() => change.mutate({ enabled: true, rotate: true })}>
                  Rotate URL
                </button>
                <button
                  type="button"
                  disabled={change.isPending || locked.disabled}
                  title={locked.title}
                  onClick={() => change.mutate({ enabled: true, secret: generateWebhookSecret() })}
                >
                  {data.signatureRequired ? 'Generate new secret' : 'Generate secret'}
                </button>
                {data.signatureRequired && (
                  <button type="button" disabled={change.isPending || locked.disabled} title={locked.title} onClick={() => change.mutate({ enabled: true, secret: '' })}>
                    Remove secret
                  </button>
                )}
              </div>
              <p className="muted small">
                {data.signatureRequired
                  ? 'Calls must be signed with the secret (Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature headers).'
                  : 'Calls need no signature. Generate a secret to require Standard Webhooks signatures.'}
              </p>
              {newSecret && (
                <div className="notice" role="note" aria-label="New signing secret">
                  <label htmlFor="webhook-secret">Signing secret</label>
                  <div className="inline-row">
                    <input id="webhook-secret" ref={secretField} type="text" className="mono grow" readOnly value={newSecret} onFocus={(e) => e.target.select()} />
                    <button type="button" onClick={() => copy(newSecret, secretField.current, 'Secret')}>
                      Copy secret
                    </button>
                  </div>
                  <p className="small">Copy it now: it is not shown again.</p>
                </div>
              )}
            </>
          )}
          <div role="status" className="muted small">
            {change.isPending ? 'Saving…' : message}
          </div>
          <ProblemAlert error={change.error} />
        </>
      )}
    </section>
  )
}
