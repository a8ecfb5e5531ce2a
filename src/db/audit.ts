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

export interface AuditRow {
  id: number
  action: string
  subjectType: string
  subjectId: string | null
  detail: string
  createdAt: string
  actorUserId: number | null
}

/** One page of the audit log, newest first, and how many pages there are. */
export async function listAudit(db: Db, o: { page: number; perPage: number }): Promise<{ rows: AuditRow[]; pages: number }> {
  const total = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const rows = await db.selectFrom('audit_log')
    .select(['id', 'action', 'subject_type as subjectType', 'subject_id as subjectId', 'detail', 'created_at as createdAt', 'actor_user_id as actorUserId'])
    .orderBy('created_at', 'desc').orderBy('id', 'desc')
    .limit(o.perPage).offset((o.page - 1) * o.perPage)
    .execute()
  return { rows, pages: Math.max(1, Math.ceil(total / o.perPage)) }
}
