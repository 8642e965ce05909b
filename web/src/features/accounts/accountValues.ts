import type { AccountField } from '../../api'

/** The values to send for `fields`: a secret left empty is left out (it keeps its value); a setting left empty is cleared. */
export function valuesToSend(fields: AccountField[], values: Record<string, string>, keepEmptySecrets: boolean): Record<string, string> {
  const sent: Record<string, string> = {}
  for (const field of fields) {
    const value = values[field.key] ?? ''
    if (field.kind === 'Secret' && keepEmptySecrets && !value.trim()) continue
    sent[field.key] = value
  }
  return sent
}
