import type { Db } from '../db/database.js'

export async function dashboardSummary(db: Db) {
  const count = async (q: Promise<{ n: number } | undefined>) => Number((await q)?.n ?? 0)
  return {
    published: await count(db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'post').where('status', '=', 'published').executeTakeFirst()),
    drafts: await count(db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'draft').executeTakeFirst()),
    scheduled: await count(db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'scheduled').executeTakeFirst()),
    pendingComments: await count(db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirst()),
    approvedComments: await count(db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'approved').executeTakeFirst()),
  }
}

export type DashboardSummary = Awaited<ReturnType<typeof dashboardSummary>>

export const AUDIT_PAGE_SIZE = 50

export async function auditPage(db: Db, page: number) {
  const total = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const rows = await db.selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['audit_log.id', 'audit_log.action', 'audit_log.subject_type as subjectType', 'audit_log.subject_id as subjectId', 'audit_log.detail', 'audit_log.created_at as createdAt', 'users.name as actorName'])
    .orderBy('audit_log.created_at', 'desc').orderBy('audit_log.id', 'desc')
    .limit(AUDIT_PAGE_SIZE).offset((page - 1) * AUDIT_PAGE_SIZE)
    .execute()
  return { rows, page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) }
}

export type AuditPageData = Awaited<ReturnType<typeof auditPage>>
