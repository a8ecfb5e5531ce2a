import type { Deps } from '../deps.js'
import { listAudit } from '../db/audit.js'
import { articleCounts } from '../content/index.js'
import { approvedPostCount, pendingCommentCount } from '../discussion/index.js'
import { userNamesByIds } from '../accounts/index.js'
import { shopSummary } from '../shop/index.js'

// What the staff pages show, gathered from the modules that own it: admin
// keeps no tables and reads no one else's.

/** The dashboard's numbers. */
export async function dashboardSummary(deps: Pick<Deps, 'db'>) {
  const [articles, pendingComments, approvedComments, shop] = await Promise.all([articleCounts(deps), pendingCommentCount(deps), approvedPostCount(deps), shopSummary(deps)])
  return { ...articles, pendingComments, approvedComments, shop }
}

export type DashboardSummary = Awaited<ReturnType<typeof dashboardSummary>>

export const AUDIT_PAGE_SIZE = 50

/** One page of the audit log with the name of whoever acted. */
export async function auditPage(deps: Pick<Deps, 'db'>, page: number) {
  const { rows, pages } = await listAudit(deps.db, { page, perPage: AUDIT_PAGE_SIZE })
  const names = await userNamesByIds(deps.db, rows.flatMap((r) => (r.actorUserId === null ? [] : [r.actorUserId])))
  return { rows: rows.map((r) => ({ ...r, actorName: r.actorUserId === null ? null : names.get(r.actorUserId) ?? null })), page, pages }
}

export type AuditPageData = Awaited<ReturnType<typeof auditPage>>
