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
