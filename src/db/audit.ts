import type { Db } from './database.js'

export interface AuditEntry {
  actorUserId: number | null
  /** module.verb, e.g. comment.approve, staff.role, topic.pin */
  action: string
  subjectType: string
  subjectId: string | null
  detail?: string
  at: string
}

/** Writes staff actions to the audit log; pass the transaction that made the change. */
export async function recordAudit(db: Db, entries: AuditEntry | AuditEntry[]) {
  const list = [entries].flat()
  if (!list.length) return
  await db.insertInto('audit_log').values(list.map((e) => ({
    actor_user_id: e.actorUserId, action: e.action, subject_type: e.subjectType, subject_id: e.subjectId, detail: e.detail ?? '', created_at: e.at,
  }))).execute()
}
