import type { Behavior, BehaviorAction, BehaviorActionType, FieldAttribute, InputMode } from '../../../api'

/** A new UUID, also where `crypto.randomUUID` is unavailable (pages served over plain HTTP). */
export function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export const actionTypes: { value: BehaviorActionType; label: string }[] = [
  { value: 'move_card', label: 'Move card' },
  { value: 'update_card', label: 'Update card' },
  { value: 'create_card', label: 'Create card' },
  { value: 'create_connected_card', label: 'Create connected card' },
  { value: 'create_table_record', label: 'Create table record' },
  { value: 'send_email_template', label: 'Send email template' },
]

export const inputModes: { value: InputMode; label: string }[] = [
  { value: 'fill_with_ai', label: 'Fill with AI' },
  { value: 'copy_from', label: 'Copy from field' },
  { value: 'fixed_value', label: 'Fixed value' },
]

export type MetadataKey = 'pipeId' | 'destinationPhaseId' | 'tableId' | 'emailTemplateId'

/** The metadata each action type uses, in the order the editor shows it. */
export const metadataOf: Record<BehaviorActionType, { text: MetadataKey[]; fields: boolean; allowModifications: boolean }> = {
  move_card: { text: ['pipeId', 'destinationPhaseId'], fields: false, allowModifications: false },
  update_card: { text: [], fields: true, allowModifications: false },
  create_card: { text: ['pipeId'], fields: true, allowModifications: false },
  create_connected_card: { text: ['pipeId'], fields: true, allowModifications: false },
  create_table_record: { text: ['tableId'], fields: true, allowModifications: false },
  send_email_template: { text: ['emailTemplateId'], fields: false, allowModifications: true },
}

export const metadataLabels: Record<MetadataKey, string> = {
  pipeId: 'Pipe ID',
  destinationPhaseId: 'Destination phase ID',
  tableId: 'Table ID',
  emailTemplateId: 'Email template ID',
}

export interface FieldDraft extends FieldAttribute {
  key: string
}

export interface ActionDraft {
  key: string
  id?: string
  actionType: BehaviorActionType
  name: string
  referenceId: string
  text: Record<MetadataKey, string>
  allowTemplateModifications: boolean
  fields: FieldDraft[]
}

export interface BehaviorDraft {
  key: string
  id?: string
  name: string
  eventId: string
  instruction: string
  actions: ActionDraft[]
}

export function newAction(): ActionDraft {
  return {
    key: newUuid(),
    actionType: 'move_card',
    name: '',
    referenceId: newUuid(),
    text: { pipeId: '', destinationPhaseId: '', tableId: '', emailTemplateId: '' },
    allowTemplateModifications: false,
    fields: [],
  }
}

export function newField(): FieldDraft {
  return { key: newUuid(), fieldId: '', inputMode: 'fill_with_ai', value: '' }
}

export function newBehavior(): BehaviorDraft {
  return { key: newUuid(), name: '', eventId: 'card_created', instruction: '', actions: [] }
}

export function toDraft(b: Behavior): BehaviorDraft {
  const ai = b.actionParams.aiBehaviorParams
  return {
    key: b.id ?? newUuid(),
    id: b.id,
    name: b.name,
    eventId: b.eventId,
    instruction: ai.instruction,
    actions: ai.actionsAttributes.map((a) => ({
      key: a.id ?? newUuid(),
      id: a.id,
      actionType: a.actionType,
      name: a.name,
      referenceId: a.referenceId,
      text: {
        pipeId: a.metadata.pipeId ?? '',
        destinationPhaseId: a.metadata.destinationPhaseId ?? '',
        tableId: a.metadata.tableId ?? '',
        emailTemplateId: a.metadata.emailTemplateId ?? '',
      },
      allowTemplateModifications: a.metadata.allowTemplateModifications === true,
      fields: (a.metadata.fieldsAttributes ?? []).map((f) => ({ ...f, key: newUuid() })),
    })),
  }
}

/** The 003 shape to send: only the metadata the action's type uses, ids kept for what already exists. */
export function fromDraft(d: BehaviorDraft): Behavior {
  return {
    ...(d.id ? { id: d.id } : {}),
    name: d.name,
    eventId: d.eventId.trim(),
    actionParams: {
      aiBehaviorParams: {
        instruction: d.instruction,
        actionsAttributes: d.actions.map((a): BehaviorAction => {
          const uses = metadataOf[a.actionType]
          const metadata: BehaviorAction['metadata'] = {}
          for (const key of uses.text) if (a.text[key].trim()) metadata[key] = a.text[key].trim()
          if (uses.fields) metadata.fieldsAttributes = a.fields.map(({ fieldId, inputMode, value }) => ({ fieldId, inputMode, value: inputMode === 'fill_with_ai' ? '' : value }))
          if (uses.allowModifications) metadata.allowTemplateModifications = a.allowTemplateModifications
          return { ...(a.id ? { id: a.id } : {}), actionType: a.actionType, name: a.name, referenceId: a.referenceId, metadata }
        }),
      },
    },
  }
}

export const behaviorPointer = (i: number) => `/behaviors/${i}`
export const paramsPointer = (i: number) => `/behaviors/${i}/actionParams/aiBehaviorParams`
export const actionPointer = (i: number, j: number) => `${paramsPointer(i)}/actionsAttributes/${j}`

/** Every JSON pointer the editor shows next to a field, so the general alert lists only the rest. */
export function shownPointers(drafts: BehaviorDraft[]): string[] {
  return drafts.flatMap((b, i) => [
    `${behaviorPointer(i)}/name`,
    `${behaviorPointer(i)}/eventId`,
    `${paramsPointer(i)}/instruction`,
    ...b.actions.flatMap((a, j) => {
      const at = actionPointer(i, j)
      const uses = metadataOf[a.actionType]
      return [
        `${at}/actionType`,
        `${at}/name`,
        `${at}/referenceId`,
        ...uses.text.map((k) => `${at}/metadata/${k}`),
        ...(uses.fields
          ? [`${at}/metadata/fieldsAttributes`, ...a.fields.flatMap((_, k) => ['fieldId', 'inputMode', 'value'].map((p) => `${at}/metadata/fieldsAttributes/${k}/${p}`))]
          : []),
        ...(uses.allowModifications ? [`${at}/metadata/allowTemplateModifications`] : []),
      ]
    }),
  ])
}

const referencePattern = /%\{action:([^}]*)\}/g

/** References in the instruction that name no action, and actions the instruction does not reference. */
export function referenceCheck(b: BehaviorDraft) {
  const references = Array.from(b.instruction.matchAll(referencePattern), (m) => m[1].trim())
  const known = new Set(b.actions.map((a) => a.referenceId.toLowerCase()))
  const referenced = new Set(references.map((r) => r.toLowerCase()))
  return {
    count: references.length,
    unresolved: [...new Set(references.filter((r) => !known.has(r.toLowerCase())))],
    unreferenced: b.actions.filter((a) => !referenced.has(a.referenceId.toLowerCase())),
  }
}
