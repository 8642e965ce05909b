export type HistorySubject = 'actions' | 'agents'

/** The query key of a subject's history: invalidate it after a write that the history records. */
export const historyKey = (subject: HistorySubject, id: string) => ['history', subject, id]
